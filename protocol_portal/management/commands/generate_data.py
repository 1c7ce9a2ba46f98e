"""`manage.py generate_data`: a large, deterministic data set for trying the portal at scale."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from meetings.models import Meeting
from partners.models import Organisation
from protocol_portal.demo.generator import BATCH_SIZE, Reference, plan_data, write_plan


class Command(BaseCommand):
    help = (
        "Generate a large, realistic data set (organisations, contacts, protocols, accessions, "
        "commitments, meetings, attendance, action items, representatives and coordinators). "
        "The same --seed on an empty "
        "database gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisations", type=int, default=1000, help="Exactly this many (default 1000)."
        )
        parser.add_argument(
            "--meetings", type=int, default=5000, help="Exactly this many (default 5000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same data (default 1)."
        )
        parser.add_argument(
            "--contacts-per-organisation", type=int, default=3, help="Up to this many each."
        )
        parser.add_argument(
            "--accessions",
            type=int,
            default=None,
            help="Organisations that joined a protocol, at most one each; protocol coordinators "
            "do not join (default: 40%% of the organisations).",
        )
        parser.add_argument(
            "--commitments-per-accession", type=int, default=4, help="Up to this many each."
        )
        parser.add_argument(
            "--updates-per-commitment", type=int, default=2, help="Up to this many each."
        )
        parser.add_argument(
            "--attendance-per-meeting",
            type=int,
            default=6,
            help="Up to this many organisations at each meeting.",
        )
        parser.add_argument(
            "--action-items-per-meeting", type=int, default=2, help="Up to this many each."
        )
        parser.add_argument(
            "--representatives",
            type=int,
            default=None,
            help="Partner representatives (user accounts) for this many of the organisations "
            "that joined (default: every one).",
        )
        parser.add_argument(
            "--coordinators", type=int, default=3, help="Coordinators' accounts (default 3)."
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="Rows per bulk insert."
        )

    def handle(self, *args, **options):
        numbers = {
            name: options[name]
            for name in (
                "organisations",
                "meetings",
                "contacts_per_organisation",
                "accessions",
                "commitments_per_accession",
                "updates_per_commitment",
                "attendance_per_meeting",
                "action_items_per_meeting",
            )
        }
        for name, value in numbers.items():
            if value is not None and value < 0:
                option = "--" + name.replace("_", "-")
                raise CommandError(f"{option} must be zero or more, not {value}.")
        for name in ("representatives", "coordinators"):
            if options[name] is not None and options[name] < 0:
                raise CommandError(f"--{name} must be zero or more, not {options[name]}.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if numbers["accessions"] is not None and numbers["accessions"] > numbers["organisations"]:
            raise CommandError(
                "--accessions cannot exceed --organisations: each generated organisation joins "
                "at most one protocol."
            )

        started = time.perf_counter()
        with transaction.atomic():
            plan = plan_data(
                seed=options["seed"],
                reference=Reference.from_database(),
                taken_slugs=Organisation.objects.values_list("slug", flat=True),
                taken_meeting_slugs=Meeting.objects.values_list("slug", flat=True),
                taken_eiks=Organisation.objects.exclude(registration_id="").values_list(
                    "registration_id", flat=True
                ),
                **numbers,
            )
            planned = time.perf_counter()
            counts = write_plan(
                plan,
                batch_size=options["batch_size"],
                representatives=options["representatives"],
                coordinators=options["coordinators"],
            )
        # Fresh planner statistics: after a bulk load the old ones mislead the query planner.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        finished = time.perf_counter()

        width = max(len(name) for name in counts)
        for name, count in counts.items():
            self.stdout.write(f"  {name:<{width}}  {count:>9,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {sum(counts.values()):,} rows with seed {options['seed']} in "
                f"{finished - started:.1f} s (planning {planned - started:.1f} s, writing "
                f"{finished - planned:.1f} s)."
            )
        )
