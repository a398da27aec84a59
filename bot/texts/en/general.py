"""General English texts: /start, /help, /privacy, registration, languages and errors."""

TEXTS = {
    # --- /start, /help, /privacy ---------------------------------------------------------
    "welcome": (
        "Hi {name}! I'm <b>finbot</b>, an artificial intelligence assistant "
        "(not a person) that helps you with your debts: see what you owe, agree on a "
        "payment or an installment plan that fits you, and get a reminder before each "
        "due date.\n\n"
        "To begin, register with /register. Write to me in your own words, or use /help to "
        "see what I can do.\n\n"
        "How we handle your data: /privacy"
    ),
    "help": (
        "<b>What I can do</b>\n"
        "Just write to me: ask about your debts, a plan or an offer.\n"
        "/debts: see what you owe\n"
        "/plan: make a payment plan\n"
        "/reminders: see and manage your payment reminders\n"
        "/newchat: start a new conversation\n"
        "/docs: the operator's documents I know\n"
        "/human: talk to a person\n"
        "/paysupport: help with a payment\n"
        "/adddebt: add a debt of your own to plan it\n"
        "/register: register or update your details\n"
        "/language: change the language\n"
        "/timezone: change your time zone\n"
        "/apikey: use your own OpenAI key\n"
        "/usage: see how much of the assistant you used today\n"
        "/privacy: how we handle your data\n"
        "/mydata: get a copy of your data\n"
        "/deletedata: delete your data\n"
        "/cancel: stop what you are doing\n\n"
        "I'm an automated assistant: for any agreement I will always ask you to confirm "
        "it yourself with a button. I will never ask for passwords or card numbers."
    ),
    "privacy": (
        "<b>Privacy</b>\n"
        "We use your data (name, phone, email and the details of your debts) only to help "
        "you manage them on behalf of your creditor. Conversations with the assistant are "
        "processed by a language model; don't write card details or passwords.\n\n"
        "Your rights: /mydata sends you a copy of everything we store about you and "
        "/deletedata erases it. Agreements and payments the law requires us to keep are "
        "kept without your contact details. Questions: {contact}"
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
    "cancelled": "Done, we'll leave it here. Send /help whenever you need me.",
    "nothing_to_cancel": "There was nothing to cancel. Send /help if you need something.",
    # --- /register -----------------------------------------------------------------------
    "button_register": "📝 Register",
    "register_intro": "Let's register you; it's four questions. You can leave with /cancel.",
    "register_update_intro": "Let's update your details. You can leave with /cancel.",
    "register_ask_full_name": "What is your full name?",
    "register_ask_email": "What is your email address?",
    "register_ask_phone": (
        "Now I need your phone number. Tap the <b>Share my phone</b> button below, so "
        "Telegram confirms the number is yours."
    ),
    "register_phone_verified": "Thanks, phone verified ✅",
    "register_ask_privacy": (
        "Do you agree that we process your data to manage your debts, as the privacy notice "
        "(/privacy) describes?"
    ),
    "register_ask_reminders": (
        "Shall I remind you of each payment a few days before it is due? "
        "You can change this at any time."
    ),
    "register_privacy_declined": (
        "Understood. Without your consent I don't keep your registration details. "
        "If you change your mind, send /register."
    ),
    "register_done": "✅ You're registered.",
    "register_debts_found": "Debts found in your name: {count}.",
    "register_no_debts_found": (
        "I found no debts linked to your phone. If your creditor sent you an invite link, "
        "open it to link your account."
    ),
    "register_phone_linked_elsewhere": (
        "Your phone is already linked to another Telegram account, so I linked no debts. "
        "If that wasn't you, write to us: {contact}"
    ),
    "register_reminders_on": "I'll remind you before each payment.",
    "register_reminders_off": "I won't send you payment reminders.",
    "register_hint_full_name": "Please write your full name in a text message.",
    "register_hint_email": "Please write your email address in a text message.",
    "register_hint_phone": (
        "For your security I can't accept a typed number: use the button to share your phone."
    ),
    "register_hint_privacy": "Please answer with one of the buttons.",
    "register_hint_reminders": "Please answer with one of the buttons.",
    "button_share_phone": "📱 Share my phone",
    "button_privacy_yes": "I agree",
    "button_privacy_no": "I don't agree",
    "button_reminders_yes": "Yes, remind me",
    "button_reminders_no": "No, thanks",
    "error_invalid_name": "That name doesn't look right (2 to 120 characters, with letters).",
    "error_invalid_email": "That email doesn't look right; for example: name@example.com.",
    "error_contact_not_yours": (
        "That contact isn't yours. To verify your number, share your own phone with the button."
    ),
    "error_invalid_phone": "I couldn't read that phone number.",
    # --- invites -------------------------------------------------------------------------
    "invite_confirm": (
        "This invite is for <b>{name}</b> (open debts: {count}; {creditors}). "
        "Shall I link this Telegram account to those records?"
    ),
    "button_invite_yes": "Yes, that's me",
    "button_invite_no": "That's not me",
    "invite_declined": "All right, I linked nothing. If this is a mistake, write to us.",
    "invite_linked": (
        "✅ Account linked. Open debts: {count}. To complete your profile and choose "
        "reminders, use /register."
    ),
    "error_invite_unknown": "This invite link is not valid. Ask for a new one: {contact}",
    "error_invite_expired": "This invite link has expired. Ask for a new one: {contact}",
    "error_invite_used": "This invite link has already been used. If it wasn't you: {contact}",
    "error_debtor_already_linked": (
        "These records are already linked to another Telegram account. If it wasn't you: {contact}"
    ),
    "error_user_already_linked": (
        "Your account is already linked to other records. If this is a mistake: {contact}"
    ),
    # --- /language -----------------------------------------------------------------------
    "language_ask": "Which language would you like me to use?",
    "language_set": "Great, from now on I'll speak English.",
    # --- /mydata, /deletedata ------------------------------------------------------------
    "mydata_caption": "Here is everything we store about you.",
    "mydata_flow_steps": (
        "It includes what you typed into {flow} and left unfinished (under “chat_flows”). "
        "If you don't finish it, I delete it after {days} days; /cancel deletes it now."
    ),
    "flow_register": "your registration",
    "flow_adddebt": "a new debt",
    "flow_editdebt": "a change to a debt",
    "flow_negotiate": "a negotiation",
    "flow_plan": "a payment plan",
    "flow_other": "a step",
    "deletedata_confirm": (
        "Are you sure you want to delete your data? I'll delete your profile, your "
        "conversations and your personal debts. Agreements and payments with your creditor "
        "are kept, as the law requires, but without your contact details. This can't be undone."
    ),
    "button_delete_yes": "Yes, delete my data",
    "button_delete_no": "No, keep it",
    "deletedata_kept": "All right, I deleted nothing.",
    "deletedata_done": (
        "Your personal data has been deleted. If you write again, we'll start afresh."
    ),
    # --- command menu --------------------------------------------------------------------
    "command_start": "Introduction",
    "command_help": "What I can do",
    "command_debts": "See what you owe",
    "command_plan": "Make a payment plan",
    "command_adddebt": "Add a debt of your own",
    "command_register": "Register or update your details",
    "command_language": "Change the language",
    "command_privacy": "How we handle your data",
    "command_mydata": "Get a copy of your data",
    "command_deletedata": "Delete your data",
    "command_cancel": "Stop what you are doing",
}
