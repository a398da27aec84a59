"""Hypothesis strategies for what people can throw at the bot: texts, commands with junk,
forged button data, edits, contacts, files, payments and update kinds finbot never asked
for. Each is a small tuple, an `Action`, that the driver turns into an Update when it is
pushed (ids of rows, the latest keyboard... are looked up then)."""

from __future__ import annotations

from hypothesis import strategies as st

from bot.handlers.plan.files import FILE_KINDS
from bot.runtime.command_menu import MENU
from services.debts.owed import EDITABLE_FIELDS

Action = tuple

TELEGRAM_TEXT_LIMIT = 4096  # UTF-16 code units
CALLBACK_DATA_LIMIT = 64  # bytes


def telegram_text(text: str) -> str:
    """`text` cut to what Telegram delivers: not blank, at most 4096 UTF-16 units."""
    if not text.strip():
        text = "·" + text
    encoded = text.encode("utf-16-le")[: TELEGRAM_TEXT_LIMIT * 2]
    return encoded.decode("utf-16-le", errors="ignore") or "·"


def callback_data(data: str) -> str:
    """`data` cut to Telegram's 64 bytes of UTF-8 (never empty)."""
    return data.encode()[:CALLBACK_DATA_LIMIT].decode(errors="ignore") or "x"


# Characters Telegram can deliver: any code point but surrogates and control characters.
letters = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
NASTY = (
    "\u202e", "\u200b", "\u200d", "\ufeff", "\u2066", "\u00a0", "𝟘𝟙𝟚", "👩\u200d👩\u200d👧",
    "🏳️\u200d🌈", "ﷺ", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇", "עִבְרִית", "العربية", "<b>", "</i>", "&amp;", "&",
    "<a href='tg://user?id=1'>x</a>", "<script>", "%s", "{name}", "{0}", "\\",
    "'; DROP TABLE users;--", "\n", "\t", "  ", "ǅ", "ß", "İ", "ﬃ", "\U0010fffd", "\U0001f600",
)  # fmt: skip
NUMBERS = (
    "1e309", "-1e309", "1e-400", "-0", "0", "9" * 400, "NaN", "nan", "inf", "-inf", "Infinity",
    "€1.000,50", "1,000.50 €", "1.000.000,00", "0,001", "-100", "1_000", "0x10", "١٢٣", "１２",
    "½", "12 meses", "٣٠٠", "1 000", "1'000", "$5", "5$", "100%", "-5%", "1e3", "1E+2", "12.",
    ".5", ",5", "31", "32", "0", "-1", "2147483648", "9223372036854775808", "99999999999999999999",
)  # fmt: skip
ANSWERS = (
    "Ana García López", "a@b.co", "no-es-un-email", "sí", "Sí", "no", "yes", "Acepto", "12",
    "24", "300", "1200", "cancel", "stop", "STOP", "para", "ayuda", "hola", "hello",
    "sk-proj-" + "A" * 48, "sk-" + "x" * 40, "+34611000001", "611000001", "Europe/Madrid",
    "America/Argentina/Buenos_Aires", "Mars/Olympus", "UTC+14", "🙂",
)  # fmt: skip
COMMANDS = (
    *(f"/{name}" for name in MENU),
    "/negotiate", "/start@finbot_test_bot", "/help@other_bot", "/START", "/foo", "/",
    "/plan@finbot_test_bot", "/start inv", "/deletedata@finbot_test_bot", "/" + "a" * 40,
)  # fmt: skip

pieces = st.one_of(
    st.text(letters, min_size=1, max_size=12),
    st.sampled_from(NASTY),
    st.sampled_from(NUMBERS),
    st.sampled_from(ANSWERS),
    st.integers(-(10**30), 10**30).map(str),
)
long_texts = st.tuples(pieces, st.integers(1, TELEGRAM_TEXT_LIMIT)).map(lambda t: t[0] * t[1])
texts = st.one_of(
    pieces,
    st.lists(pieces, min_size=2, max_size=5).map(" ".join),
    st.lists(pieces, min_size=2, max_size=5).map("".join),
    long_texts,
    st.tuples(st.sampled_from(COMMANDS), pieces).map(" ".join),
    st.sampled_from(COMMANDS),
).map(telegram_text)

PREFIXES = (
    "neg:accept:", "neg:start:", "neg:pay:", "neg:better:", "neg:counter:", "neg:partial:",
    "neg:hardship:", "plan:debt:", "plan:confirm:", "plan:change:", "plan:pick:", "plan:mode:",
    *(f"plan:file:{kind}:" for kind in FILE_KINDS), "debt:info:", "debt:edit:", "debt:del:",
    "debt:delok:", "debt:field:", "rem:paid:", "rem:cantpay:", "rem:stop:", "rem:debt:",
    "rem:all:", "pay:inv:", "inv:yes:", "inv:", "tz:set:", "lang:", "erase:", "reg:",
    "reg:privacy:", "reg:reminders:", "adddebt:",
)  # fmt: skip
SUFFIXES = (
    "on", "off", "yes", "no", "all", "begin", "save", "cancel", "es", "en", "fr", "delno",
    "months", "amount", "abcdef", "000000", "zzzzzz", "0", "-1", "01", "1.5", "1e3", "999",
    "4294967296", "9223372036854775807", "9223372036854775808", "9" * 50, "",
    *EDITABLE_FIELDS, "id", "user_id",
)  # fmt: skip
# A row id: "victim:<kind>:<n>" or "own:<kind>:<n>" are looked up when the update is made.
row_refs = st.tuples(
    st.sampled_from(["victim", "own"]),
    st.sampled_from(["debt", "plan", "offer", "installment"]),
    st.integers(0, 5),
).map(lambda t: "@{}:{}:{}".format(*t))
EDGE_NUMBERS = (
    "0", "-1", "00001", "9" * 50, "2147483648", "9223372036854775807", "9223372036854775808",
    "١٢", "1_0", " 1", "1 ",
)  # fmt: skip
suffix = st.one_of(
    row_refs,
    row_refs,
    st.sampled_from(SUFFIXES),
    st.sampled_from(EDGE_NUMBERS),
    st.integers(-5, 400).map(str),
    st.text(letters, max_size=8),
    st.just("@invite"),
)
prefix = st.sampled_from(PREFIXES)
forged_data = st.one_of(
    st.tuples(prefix, suffix).map("".join),
    st.tuples(prefix, suffix).map("".join),
    st.tuples(prefix, suffix, st.sampled_from(["", ":"]), suffix).map("".join),
    st.lists(st.one_of(prefix.map(lambda p: p[:-1]), suffix), min_size=1, max_size=5).map(":".join),
    st.text(letters, min_size=1, max_size=64),
    st.binary(min_size=1, max_size=64).map(lambda b: b.decode("latin-1")),
)  # fmt: skip

actor = st.integers(0, 3)
taps = st.sampled_from([1, 1, 1, 2])  # a double tap: two presses of one button at once
old = st.sampled_from([False, False, False, True])  # the message is too old for the bot
where = st.sampled_from(["private", "private", "private", "group"])
# (whose phone, whose user_id): Telegram sets a contact's user_id only to the owner of
# that phone, so an attacker can send the victim's number, never as their own.
contacts = st.sampled_from(
    [
        ("victim", "victim"),
        ("victim", "none"),
        ("own", "own"),
        ("own", "none"),
        ("random", "none"),
        ("random", "other"),
    ]
)
UNKNOWN_KINDS = (
    "message_reaction", "poll", "poll_answer", "chat_join_request", "chat_member",
    "channel_post", "edited_channel_post", "inline_query", "chosen_inline_result",
    "shipping_query", "chat_boost",
)  # fmt: skip

file_kinds = st.sampled_from(["document", "photo", "location", "dice", "sticker"])
captions = st.one_of(st.none(), texts)
checkout_payloads = st.one_of(
    st.sampled_from(["@victim", "@tampered"]), st.text(letters, min_size=1, max_size=40)
)
currencies = st.sampled_from(["EUR", "USD", "JPY", "XXX"])
statuses = st.sampled_from(["member", "kicked", "left", "administrator"])
names = st.text(letters, max_size=10)

actions = st.one_of(
    st.tuples(st.just("text"), actor, where, texts),
    st.tuples(st.just("text"), actor, where, texts),
    st.tuples(st.just("text"), actor, where, texts),
    st.tuples(st.just("press"), actor, st.integers(0, 20), taps, old),
    st.tuples(st.just("press"), actor, st.integers(0, 20), taps, old),
    st.tuples(st.just("forge"), actor, where, forged_data, old),
    st.tuples(st.just("forge"), actor, where, forged_data, old),
    st.tuples(st.just("edit"), actor, where, texts),
    st.tuples(st.just("contact"), actor, where, contacts, names),
    st.tuples(st.just("file"), actor, where, file_kinds, captions),
    st.tuples(st.just("checkout"), actor, checkout_payloads, currencies, st.integers(-1, 10**12)),
    st.tuples(st.just("member"), actor, where, statuses),
    st.tuples(st.just("unknown"), actor, st.sampled_from(UNKNOWN_KINDS), texts),
)


def batches(size: int) -> st.SearchStrategy[list[Action]]:
    return st.lists(actions, min_size=size, max_size=size)
