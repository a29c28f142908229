"""Account registers a security contact

AWS sends notices of compromised credentials, abuse reports and security events to the
security alternate contact; without one they go to the root e-mail address only, which is
often an unread mailbox.

Remediation:
    CloudFormation: not expressible in a template; run aws account put-alternate-contact
    --alternate-contact-type SECURITY (from the management account for members).
    Terraform: aws_account_alternate_contact with alternate_contact_type = "SECURITY".
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.account import AccountSettings


@check(severity=Severity.MEDIUM, objectives=["account-contacts-registered"])
def security_contact_registered(account: AccountSettings) -> Verdict:
    contact = account.security_contact
    if contact is None:
        return failed("no security contact is registered")
    return passed(f"the security contact is {contact.email or contact.name}")
