"""Live collectors, one module per service (``secfound.collect.live.collector``)."""
