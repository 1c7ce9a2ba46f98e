"""A small network with something due today for the tests that run the daily duties in real
workers (tests/core/test_worker.py, tests/cluster/): three member organisations, each with a
representative, an accession ending in 5 days, a meeting in 2 days and an overdue action item;
and what the file mail backend wrote."""

import re

from tests.servers import manage

NETWORK = """
import datetime
from django.contrib.auth.models import User
from django.utils import timezone
from meetings.models import ActionItem, Attendance, Meeting
from partners.models import Accession, Organisation, Protocol, Region, Representative
today = timezone.localdate()
User.objects.filter(username="coordinator").update(email="koordinator@example.org")
region = Region.objects.first()
centre = Organisation.objects.create(
    name_bg="Кризисен център", sector="ngo", region=region, partnership_status="member"
)
protocol = Protocol.objects.create(
    name_bg="Протокол", slug="protocol", region=region, coordinator=centre
)
for number in range(3):
    organisation = Organisation.objects.create(
        name_bg=f"Партньор {number}", sector="ngo", region=region, partnership_status="member"
    )
    user = User.objects.create_user(f"rep{number}", email=f"rep{number}@example.org")
    Representative.objects.create(user=user, organisation=organisation)
    Accession.objects.create(
        protocol=protocol, organisation=organisation, status="active",
        signed_on=datetime.date(2024, 1, 1), valid_until=today + datetime.timedelta(days=5),
    )
    meeting = Meeting.objects.create(
        title_bg=f"Среща {number}", kind="partner_meeting",
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    Attendance.objects.create(meeting=meeting, organisation=organisation)
    ActionItem.objects.create(
        meeting=meeting, text_bg=f"Задача {number}", responsible=organisation,
        due_on=today - datetime.timedelta(days=3),
    )
"""

# Each representative: the accession ending, the meeting, the overdue item, one email each;
# the coordinator: one digest.
EXPECTED_RECIPIENTS = sorted(
    ["koordinator@example.org"] + [f"rep{n}@example.org" for n in range(3) for _ in range(3)]
)


def emails_sent(folder):
    """Every address each sent message went to, from the file backend's files in `folder`."""
    addresses = []
    for path in sorted(folder.glob("*.log")):
        addresses += re.findall(r"^To: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return sorted(addresses)


def jobs_left(env):
    """How many queued or running jobs the database of `env` holds."""
    out = manage(
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult\n"
        "print(DBTaskResult.objects.exclude(status__in=['SUCCESSFUL', 'FAILED']).count())",
        env=env,
    )
    return int(out.strip().splitlines()[-1])
