"""Checks on the AWS Organization (SEC01 BP01), judged against the account blueprint the
collector stamps on it (``Organization.blueprint``)."""
