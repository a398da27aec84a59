"""/language is remembered for every reply; /mydata and /deletedata keep their promises."""

from __future__ import annotations

from tests.support.chat import answer, sent_json
from tests.support.people import register, seed_debtor


async def test_language_switch_changes_every_reply_after(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    assert "¿En qué idioma" in await answer(ana, "/language")
    await ana.press("English")
    switched = await ana.wait_for_edit()
    assert "I'll speak English" in switched.plain_text
    assert "What I can do" in await answer(ana, "/help")
    assert "Every command still works" in await answer(ana, "qué tal")
    assert "Hi Ana! I'm finbot" in await answer(ana, "/start")
    assert "full name" in await answer(ana, "/register")
    await answer(ana, "/language")
    await ana.press("Español")
    await ana.wait_for_edit()
    assert "Qué puedo hacer" in await answer(ana, "/help")


async def test_mydata_sends_everything_stored_as_json(finbot, fake_telegram, session_factory):
    await seed_debtor(session_factory, phone="+34611222333", debts=1)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611222333")
    await ana.send("/mydata")
    document = await ana.wait_for(lambda m: "document" in m.media)
    data = sent_json(fake_telegram, document)
    assert data["user"]["email"] == "ana@example.com"
    assert data["user"]["phone"] == "+34611222333"
    assert len(data["debts"]) == 1 and data["debts"][0]["balance"] == "1200.00"
    assert data["operator_record"]["phone"] == "+34611222333"
    assert any(entry["action"] == "user.registered" for entry in data["audit_log"])


async def test_deletedata_then_mydata_shows_nothing_personal(
    finbot, fake_telegram, session_factory
):
    await seed_debtor(session_factory, phone="+34611222333", debts=1)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611222333")
    assert "¿Seguro" in await answer(ana, "/deletedata")
    await ana.press("Sí, borrar mis datos")
    done = await ana.wait_for_edit()
    assert "se han borrado" in done.plain_text
    await ana.send("/mydata")
    document = await ana.wait_for(lambda m: "document" in m.media)
    exported = sent_json(fake_telegram, document)
    text = str(exported)
    for personal in ("ana@example.com", "+34611222333", "Ana García"):
        assert personal not in text
    assert exported["user"] is None


async def test_deletedata_can_be_called_off(finbot, fake_telegram, session_factory):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611222333")
    await answer(ana, "/deletedata")
    await ana.press("No, mantenerlos")
    assert "no he borrado nada" in (await ana.wait_for_edit()).plain_text
    await ana.send("/mydata")
    document = await ana.wait_for(lambda m: "document" in m.media)
    assert sent_json(fake_telegram, document)["user"]["email"] == "ana@example.com"
