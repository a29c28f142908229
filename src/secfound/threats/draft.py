"""``threats init``: a first threat model drafted from resources, so nobody types it from nothing.

The resources are the scan's (``secfound.scan.collect``: CloudFormation and Terraform
normalized into model objects, no check run) or a live assessment's
(``secfound.collect.live.assess``, only the collectors whose resources become elements).
What resources say becomes elements:

* accounts, OUs (``--org``), VPCs and subnets become trust boundaries, nested;
* load balancers, queues, topics, CloudFront, API Gateway stages and EKS clusters become
  ``aws-service`` components; instances, launch templates and Lambda functions become
  ``process`` components; buckets, databases, tables, file systems, volumes, caches,
  repositories and secrets become ``datastore`` components, with ``encrypted_at_rest``
  where the model knows it;
* a security group rule open to 0.0.0.0/0 or ::/0 makes an ``internet`` boundary, an
  untrusted actor in it and a flow from that actor to each component using the group
  (port and protocol from the rule); an internet-facing load balancer gets a flow per
  listener;
* another account (or anyone) that an IAM role's trust policy admits becomes an
  external entity whose resources are the roles it may assume.

What resources cannot say (the data, the flows between components, who is trusted) is
left to the owners: the file says so in comments, and a fact the resources do not settle
is left out (not known) rather than guessed.
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from secfound.errors import SourceError, UnresolvedValueError
from secfound.model.aws import (
    apigateway,
    awslambda,
    cloudfront,
    dynamodb,
    ec2,
    ecr,
    efs,
    eks,
    elasticache,
    elbv2,
    iam,
    opensearch,
    organizations,
    rds,
    redshift,
    s3,
    secretsmanager,
    sns,
    sqs,
    vpc,
)
from secfound.model.location import CloudLocation
from secfound.model.resource import Resource
from secfound.model.values import Unresolved
from secfound.threats.model import Actor, Boundary, Component, ComponentKind, Flow, ThreatModel
from secfound.threats.schema import model_to_data

if TYPE_CHECKING:
    from secfound.collect.live.assess import AssessSettings

__all__ = ["DRAFT_COLLECTORS", "Draft", "draft_from_iac", "draft_from_live", "draft_model"]

# The live collectors whose resources become elements (the rest only feed checks).
DRAFT_COLLECTORS = (
    "apigateway.stages",
    "awslambda.functions",
    "cloudfront.distributions",
    "dynamodb.tables",
    "ec2.security_groups",
    "ec2.volumes",
    "ec2_instances.instances",
    "ec2_instances.launch_templates",
    "ecr.repositories",
    "efs.file_systems",
    "eks.clusters",
    "elasticache.replication_groups",
    "elbv2.load_balancers",
    "iam.identities",
    "opensearch.domains",
    "organizations.organization",
    "rds.db_clusters",
    "rds.db_instances",
    "redshift.clusters",
    "s3.buckets",
    "secretsmanager.secrets",
    "sns.topics",
    "sqs.queues",
    "vpc.subnets",
    "vpc.vpcs",
)

_KIND_ORDER = {"aws-service": 0, "process": 1, "datastore": 2, "external-entity": 3}
_BOUNDARY_ORDER = {"internet": 0, "ou": 1, "account": 2, "vpc": 3, "subnet": 4, "other": 5}
_ACCOUNT_IN_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):")
_TF_REFERENCE = re.compile(r"(?<![\w.])(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)")
_GENERIC_NAMES = {"this", "main", "default", "primary", "resource"}

INTERNET = "internet"
INTERNET_USER = "internet-user"


@dataclass(frozen=True)
class Draft:
    """A drafted model, with the notes the file carries as comments (by section)."""

    model: ThreatModel
    source: str
    notes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def render(self) -> str:
        """The model file: a header saying what to fill in, each section with its TODOs."""
        data = model_to_data(self.model)
        lines = [f"# {line}" for line in _header(self.source, self.notes.get("header", ()))]
        head: dict[str, Any] = {
            key: data[key] for key in ("version", "name", "description") if key in data
        }
        parts = ["\n".join(lines), _dump(head)]
        for section in (
            "assets",
            "boundaries",
            "actors",
            "components",
            "flows",
            "assumptions",
            "accepted",
        ):
            comments = [
                f"# {line}"
                for note in self.notes.get(section, ())
                for line in textwrap.wrap(note, 86, subsequent_indent="  ")
            ]
            parts.append("\n".join([*comments, _dump({section: data[section]})]).rstrip())
        return "\n\n".join(part.rstrip() for part in parts) + "\n"


def _dump(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), sort_keys=False, width=100, allow_unicode=True)


def _header(source: str, extra: Sequence[str]) -> list[str]:
    lines = [
        "Threat model DRAFT written by `secfound threats init` from " + source + ".",
        "secfound read the trust boundaries and components from the resources; what only",
        "the workload's owners know is yours to fill in before relying on the model:",
        "  - assets: the data the workload holds and moves (classification and",
        "    confidentiality/integrity/availability needs), named in components'",
        "    stores/processes and in flows' data;",
        "  - flows between components (only flows from the internet, read from security",
        "    groups and load balancer listeners, are drafted);",
        "  - facts left out are not known, and rules treat them as unsafe: state encrypted,",
        "    authenticated, logging, waf, trust ... where you know them;",
        "  - names and ids: threats and decisions follow the ids, so keep them once chosen.",
        "Check the file with `secfound threats validate`.",
    ]
    return lines + [line for note in extra for line in textwrap.wrap(note, 88)]


# --- sources ------------------------------------------------------------------------------


def draft_from_iac(path: Path, *, name: str | None = None) -> Draft:
    """Draft from the CloudFormation and Terraform under ``path`` (no check runs)."""
    from secfound.scan import ScanInputs, collect

    collected = collect(ScanInputs(paths=(path,)))
    resources = [r for result in collected.results for r in result.resources]
    if not resources:
        raise SourceError(f"{path}: no CloudFormation or Terraform resources found")
    header = [
        f"Not read: {error.path}" + (f":{error.line}" if error.line else "") + f": {error.message}"
        for error in collected.errors
    ]
    return draft_model(
        resources,
        name=name or _kebab(path.resolve().stem) or "workload",
        source=str(path),
        header=header,
    )


def draft_from_live(settings: AssessSettings, *, name: str | None = None) -> Draft:
    """Draft from what a live assessment reads (``settings`` as ``assess`` takes them)."""
    from secfound.collect.live.assess import assess
    from secfound.collect.live.collector import builtin_collectors

    specs = [spec for spec in builtin_collectors() if spec.id in DRAFT_COLLECTORS]
    run = assess(settings, specs)
    resources = [r for result in run.results for r in result.resources]
    accounts = ", ".join(run.accounts)
    header = [f"Coverage gap: {g.account} {g.region} {g.service}: {g.reason}" for g in run.gaps]
    return draft_model(
        resources,
        name=name or (f"aws-{run.accounts[0]}" if len(run.accounts) == 1 else "organization"),
        source=f"live account(s) {accounts} in {', '.join(run.regions)}",
        header=header,
        accounts=run.accounts,
    )


# --- the mapping --------------------------------------------------------------------------


def draft_model(
    resources: Sequence[Resource],
    *,
    name: str,
    source: str,
    header: Sequence[str] = (),
    accounts: Sequence[str] = (),
) -> Draft:
    """The draft for ``resources``; live when they carry cloud locations."""
    return _Drafter(resources, accounts).draft(name, source, header)


class _Drafter:
    def __init__(self, resources: Sequence[Resource], accounts: Sequence[str]) -> None:
        self.resources = sorted(resources, key=lambda r: (r.resource_type, r.address))
        self.live = any(isinstance(r.location, CloudLocation) for r in resources)
        self.taken: set[str] = {INTERNET, INTERNET_USER}
        self.boundaries: dict[str, Boundary] = {}
        self.boundary_of: dict[str, str] = {}  # resource address / aws id -> boundary id
        self.components: list[tuple[Component, Resource]] = []
        self.flows: list[Flow] = []
        self.notes: dict[str, list[str]] = {}
        self.accounts = list(accounts)
        self.references = _References(self.resources)

    def draft(self, name: str, source: str, header: Sequence[str]) -> Draft:
        self._accounts()
        self._networks()
        for resource in self.resources:
            made = _component_of(resource)
            if made is not None:
                kind, facts = made
                self._add_component(resource, kind, facts)
        self._trusted_accounts()
        self._exposure()
        actors: tuple[Actor, ...] = ()
        if self.flows or INTERNET in self.boundaries:
            self.boundaries.setdefault(
                INTERNET, Boundary(id=INTERNET, name="Internet", kind="internet")
            )
            actors = (
                Actor(
                    id=INTERNET_USER,
                    name="Anyone on the internet",
                    trust="untrusted",
                    boundary=INTERNET,
                ),
            )
        self._todo_notes(bool(actors))
        model = ThreatModel(
            name=name,
            version="1",
            path=None,
            description=f"Drafted by secfound threats init from {source}.",
            boundaries=tuple(
                sorted(self.boundaries.values(), key=lambda b: (_BOUNDARY_ORDER[b.kind], b.id))
            ),
            actors=actors,
            components=tuple(
                sorted((c for c, _ in self.components), key=lambda c: (_KIND_ORDER[c.kind], c.id))
            ),
            flows=tuple(sorted(self.flows, key=lambda f: f.id)),
        )
        notes = {key: tuple(value) for key, value in self.notes.items()}
        notes["header"] = tuple(header)
        return Draft(model=model, source=source, notes=notes)

    def unique(self, base: str, fallback: str) -> str:
        candidate = _kebab(base)[:60].strip("-") or fallback
        chosen, number = candidate, 2
        while chosen in self.taken:
            chosen, number = f"{candidate}-{number}", number + 1
        self.taken.add(chosen)
        return chosen

    # boundaries

    def _accounts(self) -> None:
        organization = next(
            (r for r in self.resources if isinstance(r, organizations.Organization)), None
        )
        ou_ids: dict[str, str] = {}
        if organization is not None:
            for unit in sorted(organization.ous, key=lambda u: u.path):
                ou_ids[unit.id] = self.unique(f"ou-{unit.path}", "ou")
            for unit in organization.ous:
                self._boundary(
                    ou_ids[unit.id], unit.path, "ou", ou_ids.get(unit.parent_id), unit.id
                )
            for account in sorted(organization.accounts, key=lambda a: a.id):
                boundary_id = self.unique(account.name or f"account-{account.id}", "account")
                self._boundary(
                    boundary_id,
                    account.name or account.id,
                    "account",
                    ou_ids.get(account.parent_id),
                    account.id,
                )
                self.boundary_of[account.id] = boundary_id
        if not self.live:
            self.boundary_of[""] = self._boundary(
                self.unique("account", "account"), "AWS account", "account"
            )
            self.notes.setdefault("boundaries", []).append(
                "TODO: the account's id cannot be read from IaC: set aws_id (quoted) on the "
                "account boundary, and add the OU it sits in (kind: ou) as its parent."
            )
            return
        seen = {r.location.account for r in self.resources if isinstance(r.location, CloudLocation)}
        for account_id in sorted(seen | set(self.accounts)):
            if account_id and account_id not in self.boundary_of:
                boundary_id = self.unique(f"account-{account_id}", "account")
                self.boundary_of[account_id] = self._boundary(
                    boundary_id, f"AWS account {account_id}", "account", None, account_id
                )

    def _boundary(
        self,
        boundary_id: str,
        name: str,
        kind: Any,
        parent: str | None = None,
        aws_id: str | None = None,
    ) -> str:
        self.boundaries[boundary_id] = Boundary(
            id=boundary_id, name=name, kind=kind, parent=parent, aws_id=aws_id
        )
        return boundary_id

    def _account_boundary(self, resource: Resource) -> str:
        account = resource.location.account if isinstance(resource.location, CloudLocation) else ""
        return self.boundary_of.get(account) or next(iter(self.boundary_of.values()))

    def _networks(self) -> None:
        for resource in self.resources:
            if isinstance(resource, vpc.Vpc):
                self.boundary_of[resource.address] = self._boundary(
                    self.unique(_base_name(resource), "vpc"),
                    _display_name(resource),
                    "vpc",
                    self._account_boundary(resource),
                    _aws_id(resource),
                )
        for resource in self.resources:
            if isinstance(resource, vpc.Subnet):
                parent = self._enclosing(resource, (vpc.Vpc,))
                self.boundary_of[resource.address] = self._boundary(
                    self.unique(_base_name(resource), "subnet"),
                    _display_name(resource),
                    "subnet",
                    parent or self._account_boundary(resource),
                    _aws_id(resource),
                )

    def _enclosing(self, resource: Resource, kinds: tuple[type[Resource], ...]) -> str | None:
        """The boundary of the first referenced resource of one of ``kinds``."""
        for target in self.references.of(resource):
            if isinstance(target, kinds) and target.address in self.boundary_of:
                return self.boundary_of[target.address]
        return None

    def _placement(self, resource: Resource) -> str:
        """Subnet, else VPC (named, or through a security group), else the account."""
        found = self._enclosing(resource, (vpc.Subnet,)) or self._enclosing(resource, (vpc.Vpc,))
        if found is None:
            for group in self.references.of(resource):
                if isinstance(group, ec2.SecurityGroup):
                    found = self._enclosing(group, (vpc.Vpc,))
                    if found:
                        break
        return found or self._account_boundary(resource)

    # components

    def _add_component(
        self, resource: Resource, kind: ComponentKind, facts: dict[str, Any]
    ) -> None:
        component = Component(
            id=self.unique(_base_name(resource), kind),
            name=_display_name(resource),
            kind=kind,
            boundary=self._placement(resource),
            resource_type=resource.resource_type,
            resources=(resource.address,),
            **{key: value for key, value in facts.items() if value is not None},
        )
        self.components.append((component, resource))

    def _trusted_accounts(self) -> None:
        """External entities: who else an IAM role's trust policy admits."""
        admitted: dict[str, list[iam.Role]] = {}
        for role in (r for r in self.resources if isinstance(r, iam.Role)):
            own = role.location.account if isinstance(role.location, CloudLocation) else None
            for principal in _aws_principals(role):
                account = "*" if principal == "*" else _account_of(principal)
                if account is not None and account != own:
                    admitted.setdefault(account, []).append(role)
        for account in sorted(admitted):
            roles = admitted[account]
            anyone = account == "*"
            names = ", ".join(_display_name(r) for r in roles)
            component = Component(
                id=self.unique(
                    "any-aws-account" if anyone else f"aws-account-{account}", "account"
                ),
                name="Any AWS account" if anyone else f"AWS account {account}",
                kind="external-entity",
                resources=tuple(r.address for r in roles),
                trust="untrusted" if anyone else None,
                description=f"May assume the role(s) {names}.",
            )
            self.components.append((component, roles[0]))
        if admitted:
            self.notes.setdefault("components", []).append(
                "TODO: say whether each external entity (an account the IAM roles trust) is "
                "trusted (trust: trusted | untrusted), and add its flows."
            )

    # flows

    def _exposure(self) -> None:
        users: dict[str, list[Component]] = {}
        for component, resource in self.components:
            for target in self.references.of(resource):
                if isinstance(target, ec2.SecurityGroup):
                    users.setdefault(target.address, []).append(component)
        seen: set[tuple[str, str, int | None]] = set()
        for component, resource in self.components:
            if isinstance(resource, elbv2.LoadBalancer) and component.internet_facing:
                for listener in _items(resource.listeners):
                    protocol = _text(listener.protocol)
                    port = listener.port if isinstance(listener.port, int) else None
                    encrypted = None if protocol is None else protocol in elbv2.ENCRYPTED_PROTOCOLS
                    self._flow(component, protocol, port, encrypted, "a listener", seen)
        for group in (r for r in self.resources if isinstance(r, ec2.SecurityGroup)):
            for rule in _items(group.ingress):
                if not _open_to_all(rule):
                    continue
                protocol = "all" if _text(rule.protocol) == "-1" else _text(rule.protocol)
                ports = _ports(rule)
                exposed = users.get(group.address, [])
                for component in exposed:
                    if _reachable(component) and not _listens(component, self.flows):
                        reason = f"security group {_display_name(group)}"
                        self._flow(component, protocol, ports[0], None, reason, seen, ports[1])
                if not exposed:
                    self.boundaries.setdefault(
                        INTERNET, Boundary(id=INTERNET, name="Internet", kind="internet")
                    )
                    self.notes.setdefault("flows", []).append(
                        f"TODO: security group {_display_name(group)} admits {protocol} "
                        f"{ports[1]} from the internet, but no drafted component uses it."
                    )

    def _flow(
        self,
        component: Component,
        protocol: str | None,
        port: int | None,
        encrypted: bool | None,
        reason: str,
        seen: set[tuple[str, str, int | None]],
        ports: str | None = None,
    ) -> None:
        key = (component.id, protocol or "", port)
        if key in seen:
            return
        seen.add(key)
        ranged = ports not in (None, "all", "unknown")
        suffix = str(port) if port is not None else (ports if ranged else protocol) or "any"
        self.flows.append(
            Flow(
                id=self.unique(f"internet-to-{component.id}-{suffix}", "flow"),
                source=INTERNET_USER,
                target=component.id,
                protocol=protocol.lower() if protocol else None,
                port=port,
                encrypted=encrypted,
                description=f"Open to the internet by {reason}"
                + (f" (ports {ports})." if ranged else " (all ports)." if ports == "all" else "."),
            )
        )

    def _todo_notes(self, internet: bool) -> None:
        self.notes.setdefault("assets", []).insert(
            0,
            "TODO: assets cannot be read from resources. List the data here (id, name, "
            "classification, confidentiality, integrity, availability) and name it in "
            "components' stores/processes and flows' data.",
        )
        self.notes.setdefault("flows", []).insert(
            0,
            "TODO: flows between components cannot be read from resources: add them "
            "(from, to, protocol, port, encrypted, authenticated, data)."
            + (
                " The flows from the internet below leave encrypted/authenticated out where "
                "the resources do not say."
                if internet
                else ""
            ),
        )


def _reachable(component: Component) -> bool:
    """Whether a security group open to the internet may expose the component: not a
    Lambda function (it takes no inbound connections) nor one known to be private."""
    return component.internet_facing is not False and component.resource_type != (
        awslambda.Function.resource_type
    )


def _listens(component: Component, flows: Iterable[Flow]) -> bool:
    """A load balancer with drafted listener flows: its security group adds nothing."""
    return component.resource_type == elbv2.LoadBalancer.resource_type and any(
        f.target == component.id for f in flows
    )


# --- what each resource becomes -------------------------------------------------------------


def _component_of(resource: Resource) -> tuple[ComponentKind, dict[str, Any]] | None:
    r = resource
    if isinstance(r, elbv2.LoadBalancer):
        is_alb = r.load_balancer_type == "application"
        return "aws-service", {
            "internet_facing": _fact(_equals(r.scheme, "internet-facing")),
            "logging": _fact(r.access_logs_enabled),
            "waf": (r.web_acl_arn is not None) if is_alb else None,
        }
    if isinstance(r, ec2.Instance):
        return "process", {"internet_facing": _fact(r.associates_public_ip)}
    if isinstance(r, ec2.LaunchTemplate):
        return "process", {}
    if isinstance(r, awslambda.Function):
        url = _text(r.url_auth_type)
        return "process", {
            "internet_facing": True if url else None,
            "authenticates_callers": (url == "AWS_IAM") if url else None,
        }
    if isinstance(r, sqs.Queue):
        sse = r.sqs_managed_sse_enabled
        return "aws-service", {
            "encrypted_at_rest": True if r.kms_key_id is not None else _fact(sse),
        }
    if isinstance(r, sns.Topic):
        return "aws-service", {"encrypted_at_rest": r.kms_key_id is not None}
    if isinstance(r, cloudfront.Distribution):
        return "aws-service", {
            "internet_facing": True,
            "waf": r.web_acl_id is not None,
            "logging": r.logging_bucket is not None,
        }
    if isinstance(r, apigateway.Stage):
        return "aws-service", {
            "waf": r.web_acl_arn is not None,
            "logging": r.access_log_destination_arn is not None,
        }
    if isinstance(r, eks.Cluster):
        return "aws-service", {
            "internet_facing": _fact(r.endpoint_public_access),
            "admin_interface": True,
        }
    encrypted = _encrypted_at_rest(r)
    if encrypted is not _NOT_A_STORE:
        facts: dict[str, Any] = {"encrypted_at_rest": encrypted}
        if isinstance(r, s3.Bucket):
            facts["logging"] = r.logging_target_bucket is not None
        if isinstance(r, rds.DBInstance | redshift.Cluster):
            facts["internet_facing"] = _fact(r.publicly_accessible)
        return "datastore", facts
    return None


_NOT_A_STORE = object()


def _encrypted_at_rest(r: Resource) -> Any:
    """What the model knows of a data store's encryption at rest; ``_NOT_A_STORE`` else."""
    if isinstance(r, s3.Bucket | dynamodb.Table | secretsmanager.Secret | ecr.Repository):
        # S3 (since January 2023), DynamoDB, Secrets Manager and ECR always encrypt at rest.
        return True
    if isinstance(r, rds.DBInstance | rds.DBCluster):
        return _fact(r.storage_encrypted)
    if isinstance(r, efs.FileSystem | redshift.Cluster | ec2.Volume):
        return _fact(r.encrypted)
    if isinstance(r, elasticache.ReplicationGroup):
        return _fact(r.at_rest_encryption_enabled)
    if isinstance(r, opensearch.Domain):
        return _fact(r.encryption_at_rest_enabled)
    return _NOT_A_STORE


def _fact(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _equals(value: Any, literal: str) -> bool | None:
    return None if isinstance(value, Unresolved) else value == literal


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _items(value: Any) -> tuple[Any, ...]:
    return () if isinstance(value, Unresolved) else tuple(value)


def _open_to_all(rule: ec2.SecurityGroupRule) -> bool:
    try:
        return rule.is_from_anywhere()
    except UnresolvedValueError:
        return False


def _ports(rule: ec2.SecurityGroupRule) -> tuple[int | None, str]:
    """(the one port, if the rule admits exactly one; the range as text)."""
    low, high = rule.from_port, rule.to_port
    if _text(rule.protocol) == "-1" or low is None or high is None:
        return None, "all"
    if isinstance(low, int) and isinstance(high, int):
        if low == high and 1 <= low <= 65535:
            return low, str(low)
        return None, f"{low}-{high}"
    return None, "unknown"


def _aws_principals(role: iam.Role) -> Iterator[str]:
    policy = role.trust_policy
    if isinstance(policy, Unresolved):
        return
    for statement in policy.allow_statements():
        try:
            values = statement.principal_values("AWS")
        except UnresolvedValueError:
            continue
        yield from (v for v in values if isinstance(v, str))


def _account_of(principal: str) -> str | None:
    if re.fullmatch(r"\d{12}", principal):
        return principal
    found = _ACCOUNT_IN_ARN.match(principal)
    return found.group(1) if found else None


# --- names --------------------------------------------------------------------------------


def _kebab(text: str) -> str:
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", text)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _display_name(resource: Resource) -> str:
    for value in (getattr(resource, "name", None), resource.tags.get("Name")):
        if isinstance(value, str) and value:
            return value
    if resource.address.startswith("arn:"):
        return re.split(r"[/:]", resource.address)[-1]
    return resource.address


def _base_name(resource: Resource) -> str:
    """The id's stem. IaC: the address without the resource type (``OrdersBucket``,
    ``module.orders_bucket.aws_s3_bucket.this``: the same in every environment). Live:
    the resource's name, else its Name tag, else the id at the end of its ARN."""
    address = resource.address
    if address.startswith("arn:"):
        name = getattr(resource, "name", None) or resource.tags.get("Name")
        if isinstance(name, str) and name:
            return name
        return re.split(r"[/:]", address)[-1]
    parts = [p for p in re.split(r"\.", re.sub(r"\[[^\]]*\]", "", address)) if p != "module"]
    if len(parts) >= 2 and parts[-2].startswith(("aws_", "data")):
        parts = parts[:-2] + parts[-1:]
    meaningful = [p for p in parts if p not in _GENERIC_NAMES] or parts
    index = re.findall(r"\[([^\]]*)\]", address)
    return "-".join(meaningful + [i.strip('"') for i in index])


def _aws_id(resource: Resource) -> str | None:
    """A live resource's own id (``vpc-0abc…``) from its ARN; IaC ones have none yet."""
    if resource.address.startswith("arn:"):
        return resource.address.rsplit("/", 1)[-1]
    return None


# --- references between resources ----------------------------------------------------------


class _References:
    """Which declared resources a resource names: through unresolved references
    (``!Ref WebSg``, ``aws_security_group.web.id``) or through the ids live APIs report
    (``subnet-0abc``)."""

    def __init__(self, resources: Sequence[Resource]) -> None:
        self.by_address = {r.address: r for r in resources}
        self.by_id = {resource_id: r for r in resources if (resource_id := _aws_id(r)) is not None}
        local = sorted((a for a in self.by_address if not a.startswith("arn:")), key=len)
        self.pattern = (
            re.compile(
                r"(?<![\w.])(" + "|".join(re.escape(a) for a in reversed(local)) + r")(?![\w-])"
            )
            if local
            else None
        )
        self.cache: dict[str, tuple[Resource, ...]] = {}

    def of(self, resource: Resource) -> tuple[Resource, ...]:
        if resource.address not in self.cache:
            found: dict[str, Resource] = {}
            prefix = _module_prefix(resource.address)
            for value in _values(resource):
                for target in self._targets(value, prefix):
                    if target is not resource:
                        found.setdefault(target.address, target)
            self.cache[resource.address] = tuple(found.values())
        return self.cache[resource.address]

    def _targets(self, value: str | Unresolved, prefix: str) -> Iterator[Resource]:
        if isinstance(value, str):
            target = self.by_id.get(value) or self.by_address.get(value)
            if target is not None:
                yield target
            return
        text = value.expression
        if self.pattern is not None:
            for match in self.pattern.finditer(text):
                yield self.by_address[match.group(1)]
        if prefix:
            for match in _TF_REFERENCE.finditer(text):
                target = self.by_address.get(prefix + match.group(1))
                if target is not None:
                    yield target


def _module_prefix(address: str) -> str:
    found = re.match(r"^((?:module\.[\w-]+(?:\[[^\]]*\])?\.)+)", address)
    return found.group(1) if found else ""


def _values(resource: Resource) -> Iterator[str | Unresolved]:
    """Every string and unresolved value of a resource's fields and source properties."""
    pending: list[Any] = [resource.properties]
    for item in dataclasses.fields(resource):
        if item.name not in ("address", "location", "properties", "annotations", "tags"):
            pending.append(getattr(resource, item.name))
    while pending:
        value = pending.pop()
        if isinstance(value, str | Unresolved):
            yield value
        elif isinstance(value, Mapping):
            pending.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            pending.extend(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            pending.extend(getattr(value, f.name) for f in dataclasses.fields(value))
