"""framescope's user-facing surfaces: the REST service and the `framescope` command line."""
