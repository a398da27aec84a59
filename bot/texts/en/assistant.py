"""Texts of the assistant feature (en)."""

TEXTS: dict[str, str] = {
    "assistant_key_pasted": (
        "That looks like an API key: I deleted your message and sent it nowhere. To use "
        "your own key, send /apikey followed by the key."
    ),
    "assistant_no_key": (
        "I can't answer free questions right now because no language model is set up. "
        "Every command still works: try /debts, /plan or /help. You can also set your own "
        "OpenAI key with /apikey."
    ),
    "assistant_empty": (
        "Sorry, I couldn't put together an answer. Could you say it another way? "
        "/debts and /plan always work."
    ),
    "assistant_new_chat": (
        "New conversation started: I won't use what we said before. Your debts, plans "
        "and offers are unchanged. How can I help?"
    ),
    "error_assistant_unavailable": (
        "Sorry, the assistant couldn't answer just now. Please try again in a moment; "
        "meanwhile every command works (/debts, /plan, /help)."
    ),
    "error_assistant_budget_spent": (
        "You've used today's assistant allowance. I'll be able to chat again tomorrow; "
        "commands like /debts and /plan keep working. See /usage for details."
    ),
    "error_assistant_thread_gone": "This conversation was deleted. Send your message again.",
    "command_newchat": "Start a new conversation",
}
