"""Checks on the security services inventory (SEC01 BP08): one check per service."""
