"""The phone page of the room: a Starlette app over the store (app, guard, phone, vote, live), served by uvicorn in a background thread (server)."""
