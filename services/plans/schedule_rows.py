"""The arithmetic behind schedules: installment rows in cents, for a given rate.

A row is (principal, interest, balance_after). `rate` is always the monthly rate as
a fraction (see `monthly_rate`); amounts are Decimal cents. Functions return None when
the asked schedule cannot exist, and `services.plans.schedules` turns that into a domain error.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from services.shared.money import CENT, ZERO

PRECISION = 34
"""Significant digits for rates and annuity factors; results are rounded to cents."""

Row = tuple[Decimal, Decimal, Decimal]
"""(principal, interest, balance_after) of one installment."""


def monthly_rate(annual_rate: Decimal) -> Decimal:
    """The monthly rate as a fraction: annual percent / 12 / 100, to PRECISION digits."""
    with localcontext(prec=PRECISION):
        return annual_rate / 1200


def interest_on(balance: Decimal, rate: Decimal) -> Decimal:
    """One month's interest on `balance` at monthly `rate`, rounded half-up to cents."""
    with localcontext(prec=PRECISION):
        return (balance * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def annuity_payment(principal: Decimal, rate: Decimal, months: int) -> Decimal:
    """The level payment that repays `principal` in `months`, rounded half-up to cents."""
    if rate == 0:
        return (principal / months).quantize(CENT, rounding=ROUND_HALF_UP)
    with localcontext(prec=PRECISION):
        payment = principal * rate / (1 - (1 + rate) ** -months)
        return payment.quantize(CENT, rounding=ROUND_HALF_UP)


def from_cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def even_rows(principal: Decimal, months: int) -> list[Row] | None:
    """Zero interest: installments rounded up to the cent, the last one takes the rest.

    When rounding up would leave nothing for the last installment, the cents are spread
    instead: the first installments carry one cent more. None when there are fewer
    cents than months.
    """
    cents = int(principal * 100)
    if cents < months:
        return None
    regular = -(-cents // months)
    if regular * (months - 1) < cents:
        amounts = [regular] * (months - 1) + [cents - regular * (months - 1)]
    else:
        base, extra = divmod(cents, months)
        amounts = [base + 1] * extra + [base] * (months - extra)
    rows: list[Row] = []
    balance = cents
    for installment in amounts:
        balance -= installment
        rows.append((from_cents(installment), ZERO, from_cents(balance)))
    return rows


def annuity_rows(principal: Decimal, rate: Decimal, months: int) -> list[Row] | None:
    """With interest: the annuity payment in cents, lowered by cents only if rounding
    would repay the debt before the last month. None when no payment can do it."""
    regular = max(annuity_payment(principal, rate, months), CENT)
    rows = rows_for_count(principal, rate, regular, months)
    if rows is not None:
        return rows
    lowest = max(interest_on(principal, rate), CENT)  # below it the debt would grow
    best = rows_for_count(principal, rate, lowest, months)
    if best is None:
        return None
    low, high = int(lowest * 100), int(regular * 100)  # low fits, high overshoots
    while high - low > 1:
        middle = (low + high) // 2
        candidate = rows_for_count(principal, rate, from_cents(middle), months)
        if candidate is None:
            high = middle
        else:
            low, best = middle, candidate
    return best


def rows_for_count(
    principal: Decimal, rate: Decimal, regular: Decimal, months: int
) -> list[Row] | None:
    """`months - 1` installments of `regular` and a last one for the rest, or None when
    `regular` repays the debt before the last installment."""
    rows: list[Row] = []
    balance = principal
    with localcontext(prec=PRECISION):
        for _ in range(months - 1):
            interest = (balance * rate).quantize(CENT, rounding=ROUND_HALF_UP)
            repaid = regular - interest
            if repaid >= balance:
                return None
            balance -= repaid
            rows.append((repaid, interest, balance))
        interest = (balance * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    rows.append((balance, interest, ZERO))
    return rows


def rows_until_repaid(
    principal: Decimal, rate: Decimal, regular: Decimal, max_months: int
) -> list[Row] | None:
    """Installments of `regular` until the debt is repaid, the last one smaller; None
    if that takes more than `max_months` or never happens."""
    rows: list[Row] = []
    balance = principal
    with localcontext(prec=PRECISION):
        for _ in range(max_months):
            interest = (balance * rate).quantize(CENT, rounding=ROUND_HALF_UP)
            if regular >= balance + interest:
                rows.append((balance, interest, ZERO))
                return rows
            repaid = regular - interest
            if repaid <= 0:
                return None
            balance -= repaid
            rows.append((repaid, interest, balance))
    return None


def least_amount(principal: Decimal, rate: Decimal, max_months: int) -> Decimal:
    """The smallest amount whose `rows_until_repaid` ends within `max_months`."""

    def fits(cents: int) -> bool:
        return rows_until_repaid(principal, rate, from_cents(cents), max_months) is not None

    first_interest = interest_on(principal, rate)
    low = int(first_interest * 100)  # repays nothing: never fits
    high = int((principal + first_interest) * 100)  # repays everything at once: fits
    guess = int(annuity_payment(principal, rate, max_months) * 100)
    if low < guess < high:  # usually the answer or a cent off it
        if not fits(guess):
            low = guess
        elif guess - 1 > low and not fits(guess - 1):
            return from_cents(guess)
        else:
            high = guess
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle
    return from_cents(high)
