#!/usr/bin/env python
"""The people of the load test: one account for each simulated user, so that each signs in
with a code of its own (a code is accepted once), spread over the partnerships of the large
generated dataset (`manage.py generate_demo_data --partnerships BENCH_PARTNERSHIPS`, run first
by bench/load/run.sh).

    BENCH_USERS=50 BENCH_TOTP_KEY=<hex> BENCH_ACCOUNTS_FILE=accounts.json python bench/load/seed.py

Accounts `load.<n>` (n = 1..BENCH_USERS) take the roles in the proportion of ROLES, round the
generated partnerships in turn; agency leads lead two of their partnership's agencies. Each has
the demo password and a confirmed authenticator (django-otp TOTPDevice "default", the one the
sign-in asks for) whose hex secret is BENCH_TOTP_KEY, as if they had set up an app. The
accounts, with role and partnership, are written to BENCH_ACCOUNTS_FILE for the locustfile.
Running it again adds nothing and resets the authenticators.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from fixtures.demo.data import DEMO_PASSWORD  # noqa: E402
from fixtures.demo.generator import partnership_names  # noqa: E402
from scr_tracker.audit import audited_save  # noqa: E402
from scr_tracker.models import Agency, Partnership, Role, User  # noqa: E402

REASON = "Load test account"
# Who the simulated people are, in proportion: board managers, agency leads, scrutineers.
ROLES = [Role.BOARD_MANAGER, Role.AGENCY_LEAD, Role.BOARD_MANAGER, Role.AGENCY_LEAD]
ROLES += [Role.SCRUTINEER]


def generated_partnerships():
    names = partnership_names(int(os.environ.get("BENCH_PARTNERSHIPS", "5")))
    partnerships = list(Partnership.objects.filter(name__in=names).order_by("pk"))
    if len(partnerships) != len(names):
        raise SystemExit(
            f"{len(names)} generated partnerships expected, {len(partnerships)} found: run "
            "`manage.py generate_demo_data --partnerships BENCH_PARTNERSHIPS` first"
        )
    return partnerships


@transaction.atomic
def account(number, partnership, agencies, password):
    role = ROLES[(number - 1) % len(ROLES)]
    username = f"load.{number}"
    user = User.objects.filter(username=username).first()
    if user is None:
        leads = [agencies[number % len(agencies)], agencies[(number + 5) % len(agencies)]]
        user = audited_save(
            User(
                username=username,
                first_name="Load",
                last_name=f"test {number}",
                email=f"{username}@example.org",
                role=role,
                partnership=partnership,
                password=password,
            ),
            actor=None,
            reason=REASON,
            m2m={"agencies": leads if role == Role.AGENCY_LEAD else []},
        )
    TOTPDevice.objects.update_or_create(
        user=user,
        name="default",
        defaults={"key": os.environ["BENCH_TOTP_KEY"], "confirmed": True, "last_t": -1, "drift": 0},
    )
    return {"username": user.username, "role": user.role, "partnership": partnership.name}


def main():
    wanted = int(os.environ.get("BENCH_USERS", "50"))
    partnerships = generated_partnerships()
    agencies = {
        p.pk: list(Agency.objects.filter(partnership=p, is_active=True).order_by("pk"))
        for p in partnerships
    }
    password = make_password(DEMO_PASSWORD)  # hashed once: every account has the same password
    accounts = []
    for number in range(1, wanted + 1):
        partnership = partnerships[(number - 1) % len(partnerships)]
        accounts.append(account(number, partnership, agencies[partnership.pk], password))
    Path(os.environ["BENCH_ACCOUNTS_FILE"]).write_text(json.dumps(accounts, indent=2))
    roles = {role.label: sum(a["role"] == role for a in accounts) for role in Role}
    print(
        f"{len(accounts)} accounts with authenticators ("
        + ", ".join(f"{n} {label.lower()}{'s' * (n != 1)}" for label, n in roles.items() if n)
        + f") over {len(partnerships)} generated partnerships"
    )


if __name__ == "__main__":
    main()
