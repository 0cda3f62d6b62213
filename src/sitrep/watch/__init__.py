"""Watching: feeds, live-ticker pages and folders polled on their intervals (`sitrep.watch.poller`),
their new documents stored in the living record (`sitrep.watch.command`, ``sitrep watch``)."""
