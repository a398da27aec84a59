"""Texts of the account feature (en): /apikey, /usage, /human and messages finbot can't read."""

TEXTS: dict[str, str] = {
    # --- /apikey -------------------------------------------------------------------------
    "apikey_help": (
        "<b>Your own OpenAI key</b>\n"
        "When you write to me in your own words, an OpenAI model answers. If you have your "
        "own key, I can use it for your conversations instead of the operator's.\n\n"
        "To set it, send it in the same message as the command: "
        "<code>/apikey your-key</code>. I'll delete your message straight away, check the "
        "key and keep it encrypted.\n"
        "To remove it: <code>/apikey remove</code>"
    ),
    "apikey_status_own": "I'm using your key now (ending in …{last4}).",
    "apikey_status_default": "I'm using the operator's setup now.",
    "apikey_delete_it_yourself": (
        "⚠️ I couldn't delete your message with the key. Please delete it yourself so it "
        "doesn't stay visible in this chat."
    ),
    "apikey_not_a_key": (
        "That doesn't look like an OpenAI key (they usually start with “sk-” and have no "
        "spaces). Just in case, I deleted your message. Send /apikey to see how to set it."
    ),
    "apikey_checking": "I'm checking your key with OpenAI…",
    "apikey_refused": (
        "OpenAI didn't accept that key, so I haven't saved it. Check that it's complete "
        "and try again with <code>/apikey your-key</code>."
    ),
    "apikey_check_failed": (
        "I couldn't check your key just now, so I haven't saved it. Please try again in a while."
    ),
    "apikey_saved": (
        "✅ Key saved (ending in …{last4}). From now on I'll use it for your conversations. "
        "To remove it: <code>/apikey remove</code>"
    ),
    "apikey_removed": "Done, I deleted your key. I'm back to the operator's setup.",
    "apikey_none_to_remove": "You had no key saved; I'm still using the operator's setup.",
    "apikey_unavailable": (
        "I can't save personal keys right now. If you need to, write to us: {contact}"
    ),
    # --- /usage --------------------------------------------------------------------------
    "usage_title": "<b>Your use of the assistant</b>",
    "usage_today": (
        "<b>Today:</b> {total} tokens\n· input: {input} (cached: {cached})\n· output: {output}"
    ),
    "usage_budget": "Daily allowance: {budget} tokens; {left} left.",
    "usage_no_limit": "No daily limit.",
    "usage_last_30_days": (
        "<b>Last 30 days:</b> {total} tokens\n"
        "· input: {input} (cached: {cached})\n"
        "· output: {output}"
    ),
    "usage_tokens_explained": (
        "A token is a piece of a word: your messages and my answers are measured in them. "
        "Commands such as /debts or /plan use no tokens."
    ),
    # --- /human --------------------------------------------------------------------------
    "handover_default_summary": "Would like to talk to a person.",
    "handover_requested": (
        "All right, I've asked for a person on the team to help you; they'll contact you "
        "as soon as they can. If you prefer, you can also write to {contact}. Meanwhile, "
        "/debts and /plan are still here for you."
    ),
    "handover_already_requested": (
        "Your request is already with the team: a person will contact you here as soon as "
        "they can, no need to ask again. If you prefer, you can also write to {contact}. "
        "Meanwhile, /debts and /plan are still here for you."
    ),
    "handover_notice": (
        "🙋 <b>Someone asks to talk to a person</b>\n"
        'Name: <a href="tg://user?id={telegram_id}">{name}</a>\n'
        "Username: {username}\n"
        "Telegram ID: <code>{telegram_id}</code>\n"
        "Reason: {summary}"
    ),
    "handover_notice_no_username": "(no username)",
    # --- voice, photos, files... ---------------------------------------------------------
    "media_not_supported": (
        "For now I only understand text messages and the buttons I send you: I can't listen "
        "to audio or look at photos, videos or files yet. Could you write it to me instead? "
        "/help shows everything I can do."
    ),
    # --- command menu --------------------------------------------------------------------
    "command_apikey": "Use your own OpenAI key",
    "command_usage": "See your use of the assistant",
    "command_human": "Talk to a person",
}
