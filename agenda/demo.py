"""Demo content of the Agenda citoyen for `make run`: about 80 events over the coming three months."""

from .generator import build, save_generated


def load_demo(stdout):
    created = save_generated(build(80, seed=24, past=8))
    series = sum(1 for event in created if event.frequency)
    stdout.write(f"  {len(created)} événements ({series} répétés, 1 annulé, 8 passés)")
