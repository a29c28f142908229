"""Account registers security, operations and billing contacts

Each alternate contact receives a different kind of notice from AWS: security events,
operational issues and service changes, invoices and payment problems. Registering all
three sends each notice to the team that acts on it.

Remediation:
    CloudFormation: not expressible in a template; run aws account put-alternate-contact
    for SECURITY, OPERATIONS and BILLING.
    Terraform: one aws_account_alternate_contact per alternate_contact_type.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.account import AccountSettings
from secfound.model.values import known


@check(severity=Severity.LOW, objectives=["account-contacts-registered"])
def alternate_contacts_registered(account: AccountSettings) -> Verdict:
    contacts = {
        "security": account.security_contact,
        "operations": account.operations_contact,
        "billing": account.billing_contact,
    }
    # A missing contact decides; one that could not be read leaves the answer unknown.
    missing = [kind for kind, contact in contacts.items() if contact is None]
    if missing:
        return failed(f"no {', '.join(missing)} contact registered")
    for kind, contact in contacts.items():
        known(contact, f"{kind} contact")
    return passed("security, operations and billing contacts are registered")
