from django.core.management.base import BaseCommand
from django.db import transaction

from protocol_portal.demo import load_all


class Command(BaseCommand):
    help = (
        "Load the demo content built from the seed articles. Safe to run again: records are "
        "matched by their natural keys and updated, never duplicated."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        counts = load_all()
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({summary})."))
