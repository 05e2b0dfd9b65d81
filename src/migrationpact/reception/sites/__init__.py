"""Reception sites and their units as a stream of events (``docs/reception.md``, "Sites").

A *site* is one reception location (Ter Apel's COL, an AZC in Zevenaar, a Dublin shelter);
its *units* are the parts that can be placed in separately (a wing for families, a KWV for
minors of 15 to 17), each with a capacity and attributes. Every change is an event on the
site's own stream (``events``); ``decide`` applies one to the site's state (``state``), or
refuses it with a ``SiteRefused`` that says why; ``importing`` turns a sites file into the
events that bring the stored sites in line with it.
"""
