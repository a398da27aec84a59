"""English texts. Keys and placeholders match `es.py` exactly (a test checks it)."""

TEXTS = {
    "welcome": (
        "Hi {name}! I'm <b>finbot</b>, an artificial intelligence assistant "
        "(not a person) that helps you with your debts: see what you owe, agree on a "
        "payment or an installment plan that fits you, and get a reminder before each "
        "due date.\n\n"
        "Write to me in your own words, or use /help to see what I can do.\n\n"
        "How we handle your data: /privacy"
    ),
    "help": (
        "<b>What I can do</b>\n"
        "/start: introduction\n"
        "/help: this help\n"
        "/privacy: how we handle your data\n\n"
        "I'm an automated assistant: for any agreement I will always ask you to confirm "
        "it yourself with a button. I will never ask for passwords or card numbers."
    ),
    "privacy": (
        "<b>Privacy</b>\n"
        "We use your data (name, phone, email and the details of your debts) only to help "
        "you manage them on behalf of your creditor. You can ask for a copy of your data "
        "or for its deletion at any time. Conversations with the assistant are processed "
        "by a language model; don't write card details or passwords."
    ),
    "private_only": (
        "Hi, I'm finbot. For your privacy I only work in private chats: write to me "
        "directly at @{bot_username}."
    ),
    "error_apology": (
        "Sorry, something went wrong on my side and I couldn't finish your request. "
        "Please try again in a moment."
    ),
    "not_understood": "I'm not sure I understood that. Send /help to see what I can do for you.",
    "stale_button": "This button is no longer active. Send /help to see what I can do.",
    "command_start": "Introduction",
    "command_help": "What I can do",
    "command_privacy": "How we handle your data",
}
