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
    "assistant_not_for_you": (
        "The chatting assistant is for registered people. Register with /register (or "
        "open the invite link we sent you) and I'll be able to help; meanwhile every "
        "command works: /debts, /plan, /help."
    ),
    "assistant_not_for_you_linked": (
        "The chatting assistant is for people whose debt with {operator} is linked to "
        "their account. If that's you, open your invite link or register with "
        "/register; meanwhile every command works: /debts, /plan, /help."
    ),
    "error_assistant_turn_limit": (
        "You've sent the assistant many messages in the last hour. You can write to it "
        "again from {at}; meanwhile every command works (/debts, /plan, /help)."
    ),
    "error_assistant_operator_budget_spent": (
        "The assistant has reached today's usage limit and can't answer any more until "
        "tomorrow. Every command still works (/debts, /plan, /help), and /human puts "
        "you in touch with a person."
    ),
    "assistant_operator_budget_notice": (
        "Notice: the assistant reached the operator's daily token budget today "
        "({budget} tokens, ASSISTANT_OPERATOR_DAILY_TOKENS). It won't answer anyone "
        "until tomorrow; commands keep working."
    ),
    "command_newchat": "Start a new conversation",
}
