"""Personal data of requesters: retention (anonymised after a period), export and erasure on request."""
