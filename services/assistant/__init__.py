"""The assistant: a tool loop on the Responses API whose tools are thin calls into the
services. The model proposes; the services decide; binding steps need the user's button."""
