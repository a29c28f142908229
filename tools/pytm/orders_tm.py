"""The orders web shop of ``examples/`` as a pytm model, for comparing pytm with secfound.

Every pytm element here is named with the id of the same element in
``examples/threatmodel.yaml`` (components, actors and flows alike), so a script can match
pytm's findings to secfound's threats by element: a pytm finding on ``orders-db`` is about
the component ``orders-db``, and a finding on the flow ``web-servers-to-orders-db`` about
that flow. The facts given to pytm (encryption, authentication, boundaries, data) are the
model file's; pytm's own vocabulary has no place for some of them (resources, the WAF
that is missing), and some of pytm's questions have no answer in the model file, which
then stays at pytm's default.

pytm is not a dependency of secfound: run this in its own environment::

    python3 -m venv .venv-pytm && .venv-pytm/bin/pip install pytm==1.4.0
    .venv-pytm/bin/python tools/pytm/orders_tm.py          # one line per finding
    .venv-pytm/bin/python tools/pytm/orders_tm.py --json   # the same as JSON
    .venv-pytm/bin/python tools/pytm/orders_tm.py --json --unasked usesVPN,isHardened
    .venv-pytm/bin/python tools/pytm/orders_tm.py --library  # pytm's rules: SID, CAPEC

Output: the threat's SID, the element it targets and the CAPEC ids in its references.
Nothing is written to disk.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from pytm import (
    TM,
    Actor,
    Assumption,
    Boundary,
    Classification,
    Controls,
    Data,
    Dataflow,
    Datastore,
    DatastoreType,
    ExternalEntity,
    Lambda,
    Process,
    Server,
    TLSVersion,
)

CAPEC = re.compile(r"capec\.mitre\.org/data/definitions/(\d+)\.html")


def _controls(**facts: bool) -> Controls:
    return Controls(**facts)


def build() -> TM:
    """The model: a fresh ``TM`` (pytm keeps its elements in class-level state)."""
    TM.reset()
    tm = TM(
        "orders",
        description=(
            "A web shop: customers order through an internet-facing load balancer and web "
            "servers; orders are kept in a PostgreSQL database and a bucket, queued, and "
            "charged by an order processor through a third-party payment API."
        ),
        isOrdered=False,
        assumptions=[
            Assumption(
                "tls-terminates-at-load-balancer",
                description="TLS ends at the load balancer; plain HTTP inside the VPC.",
            ),
            Assumption(
                "no-card-numbers",
                description="The shop never sees card numbers; the provider's tokens do.",
            ),
        ],
    )

    # Boundaries: the ids of threatmodel.yaml.
    internet = Boundary("internet")
    office = Boundary("office")
    account = Boundary("orders-prod")
    vpc = Boundary("orders-vpc", inBoundary=account)

    # Assets (pytm's Data).
    orders = Data(
        "customer-orders",
        classification=Classification.SENSITIVE,
        isPII=True,
        isStored=True,
        isDestEncryptedAtRest=True,
    )
    tokens = Data(
        "payment-tokens",
        classification=Classification.SECRET,
        isStored=True,
        isDestEncryptedAtRest=True,
    )
    api_key = Data(
        "payment-api-key",
        classification=Classification.SECRET,
        isCredentials=True,
        isStored=True,
        isDestEncryptedAtRest=True,
    )
    static = Data("static-assets", classification=Classification.PUBLIC, isStored=True)
    audit = Data("audit-logs", classification=Classification.RESTRICTED, isStored=True)
    access = Data("access-logs", classification=Classification.RESTRICTED, isStored=True)

    # Actors.
    customer = Actor("customer", inBoundary=internet)
    operator = Actor("operator", inBoundary=office, isAdmin=True)

    # Components.
    load_balancer = Server(
        "load-balancer",
        inBoundary=vpc,
        onAWS=True,
        port=443,
        protocol="HTTPS",
        minTLSVersion=TLSVersion.TLSv12,
        controls=_controls(isEncrypted=True, validatesHeaders=True, isHardened=True),
    )
    web = Server(
        "web-servers",
        inBoundary=vpc,
        onAWS=True,
        OS="Amazon Linux 2023",
        port=80,
        protocol="HTTP",
        usesSessionTokens=True,
        controls=_controls(
            authenticatesSource=True,
            hasAccessControl=True,
            implementsAuthenticationScheme=True,
        ),
    )
    database = Datastore(
        "orders-db",
        inBoundary=vpc,
        onAWS=True,
        onRDS=True,
        isSQL=True,
        type=DatastoreType.SQL,
        storesPII=True,
        storesSensitiveData=True,
        controls=_controls(isEncryptedAtRest=True, hasAccessControl=True),
    )
    queue = Datastore(
        "orders-queue",
        inBoundary=account,
        onAWS=True,
        isSQL=False,
        storesPII=True,
        storesSensitiveData=True,
        controls=_controls(isEncryptedAtRest=True, hasAccessControl=True),
    )
    # Lambda, CloudTrail, KMS and IAM are AWS APIs: every call to them is a SigV4-signed
    # request of an IAM principal that IAM authorizes (assumption aws-apis-over-tls; the
    # queue's flow into the processor is authenticated), so they authenticate callers.
    aws_api = {
        "authenticatesSource": True,
        "implementsAuthenticationScheme": True,
        "hasAccessControl": True,
    }
    processor = Lambda(
        "order-processor",
        inBoundary=account,
        usesEnvironmentVariables=True,
        controls=_controls(implementsPOLP=True, **aws_api),
    )
    secret = Datastore(
        "payment-api-key-secret",
        inBoundary=account,
        onAWS=True,
        isSQL=False,
        storesSensitiveData=True,
        controls=_controls(isEncryptedAtRest=True, hasAccessControl=True),
    )
    payment_api = ExternalEntity("payment-api", inBoundary=internet)
    orders_bucket = Datastore(
        "orders-bucket",
        inBoundary=account,
        onAWS=True,
        isSQL=False,
        type=DatastoreType.AWS_S3,
        storesPII=True,
        storesSensitiveData=True,
        controls=_controls(isEncryptedAtRest=True, hasAccessControl=True),
    )
    assets_bucket = Datastore(
        "assets-bucket",
        inBoundary=account,
        onAWS=True,
        isSQL=False,
        type=DatastoreType.AWS_S3,
        isShared=True,
        controls=_controls(isEncryptedAtRest=True),
    )
    log_bucket = Datastore(
        "log-bucket",
        inBoundary=account,
        onAWS=True,
        isSQL=False,
        type=DatastoreType.AWS_S3,
        storesLogData=True,
        controls=_controls(isEncryptedAtRest=True, hasAccessControl=True),
    )
    trail = Process(
        "audit-trail",
        inBoundary=account,
        controls=_controls(providesIntegrity=True, **aws_api),
    )
    Process("data-key", inBoundary=account, controls=_controls(**aws_api))
    Datastore(
        "data-volumes",
        inBoundary=vpc,
        onAWS=True,
        isSQL=False,
        type=DatastoreType.FILE_SYSTEM,
        storesSensitiveData=True,
        controls=_controls(isEncryptedAtRest=False),
    )
    deployment = Process(
        "deployment",
        inBoundary=account,
        controls=_controls(implementsPOLP=False, **aws_api),
    )

    # Flows: (id, source, sink, protocol, port, encrypted, authenticated, data).
    flows: list[tuple[str, Any, Any, str, int, bool, bool, list[Data]]] = [
        (
            "customer-to-load-balancer",
            customer,
            load_balancer,
            "HTTPS",
            443,
            True,
            False,
            [orders, tokens],
        ),
        (
            "customer-to-load-balancer-http",
            customer,
            load_balancer,
            "HTTP",
            80,
            False,
            False,
            [orders],
        ),
        ("customer-to-assets-bucket", customer, assets_bucket, "HTTPS", 443, True, False, [static]),
        (
            "load-balancer-to-web-servers",
            load_balancer,
            web,
            "HTTP",
            80,
            False,
            False,
            [orders, tokens],
        ),
        ("web-servers-to-orders-db", web, database, "PostgreSQL", 5432, False, True, [orders]),
        ("web-servers-to-orders-bucket", web, orders_bucket, "HTTPS", 443, True, True, [orders]),
        ("web-servers-to-orders-queue", web, queue, "HTTPS", 443, True, True, [orders, tokens]),
        (
            "orders-queue-to-order-processor",
            queue,
            processor,
            "HTTPS",
            443,
            True,
            True,
            [orders, tokens],
        ),
        (
            "order-processor-to-payment-api-key-secret",
            processor,
            secret,
            "HTTPS",
            443,
            True,
            True,
            [api_key],
        ),
        (
            "order-processor-to-payment-api",
            processor,
            payment_api,
            "HTTPS",
            443,
            True,
            True,
            [tokens, api_key],
        ),
        ("operator-to-web-servers", operator, web, "SSH", 22, True, True, []),
        ("operator-to-deployment", operator, deployment, "HTTPS", 443, True, True, []),
        ("audit-trail-to-log-bucket", trail, log_bucket, "HTTPS", 443, True, True, [audit]),
        (
            "orders-bucket-to-log-bucket",
            orders_bucket,
            log_bucket,
            "HTTPS",
            443,
            True,
            True,
            [access],
        ),
    ]
    for name, source, sink, protocol, port, encrypted, authenticated, data in flows:
        Dataflow(
            source,
            sink,
            name,
            protocol=protocol,
            dstPort=port,
            note=f"{protocol}:{port}",  # as stated: TM.check overwrites both
            data=data,
            tlsVersion=TLSVersion.TLSv12 if encrypted else TLSVersion.NONE,
            # An authenticated flow presents credentials (SigV4, an API key, SSH keys):
            # pytm asks for that as "implements an authentication scheme" as well.
            controls=_controls(
                isEncrypted=encrypted,
                authenticatesSource=authenticated,
                implementsAuthenticationScheme=authenticated,
            ),
        )
    return tm


def _restore_flow_facts(tm: TM) -> None:
    """Put back the facts of each flow that ``TM.check`` overwrites with its ends' values.

    pytm copies the sink's ``isEncrypted``, protocol and port into every flow that reaches
    it (the plain-HTTP flow into the load balancer became encrypted HTTPS, every flow into
    a bucket unencrypted) and the source's ``authenticatesDestination`` into every flow
    that leaves it; ``build`` keeps the stated protocol and port in the flow's note. The
    model file states these per flow: a flow is encrypted when it uses TLS (its
    ``tlsVersion`` here), and a TLS client checks the server's certificate (assumptions
    ``aws-apis-over-tls`` and ``payment-provider-authenticates``), so it authenticates
    its destination; an unencrypted flow does not.
    """
    for flow in tm._flows:
        protocol, port = flow.note.rsplit(":", 1)
        flow.protocol, flow.dstPort = protocol, int(port)
        encrypted = flow.tlsVersion > TLSVersion.NONE
        flow.controls.isEncrypted = encrypted
        flow.controls.authenticatesDestination = encrypted


def _answer(tm: TM, questions: frozenset[str]) -> None:
    """Answer each of ``questions`` (pytm attributes) with True on every element that has it.

    The questions are the ones secfound's model does not ask (tools/pytm/scope.yaml,
    ``unasked``); answering them shows which findings rest on nothing else.
    """
    for element in [*tm._elements, *tm._flows]:
        controls = getattr(element, "controls", None)
        for question in questions:
            # Some questions (usesVPN) are asked of the element and of its controls.
            if controls is not None and question in type(controls).model_fields:
                setattr(controls, question, True)
            if question in type(element).model_fields:
                setattr(element, question, True)


def _found(questions: frozenset[str]) -> set[tuple[str, str]]:
    tm = build()
    tm.check()
    _restore_flow_facts(tm)
    _answer(tm, questions)
    tm.resolve()
    return {(f.threat_id, getattr(f.element, "name", f.target)) for f in tm.findings}


def findings(tm: TM, unasked: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """pytm's findings: the threat's SID, the element's id (its name) and CAPEC ids.

    With ``unasked`` (pytm attributes secfound's model has no field for), each finding
    also says whether it stands once those are answered (``rests_on`` empty) or which of
    them raise it on their own (``rests_on``: each one that, left unanswered while the
    others are answered, brings the finding back; ``["several"]`` when it takes more
    than one at a time).
    """
    tm.check()
    _restore_flow_facts(tm)
    tm.resolve()
    found = []
    for finding in tm.findings:
        element = finding.element
        found.append(
            {
                "sid": finding.threat_id,
                "element": getattr(element, "name", finding.target),
                "kind": type(element).__name__,
                "capec": sorted({int(i) for i in CAPEC.findall(finding.references or "")}),
                "description": finding.description,
            }
        )
    if unasked:
        standing = _found(unasked)
        alone = {q: _found(unasked - {q}) for q in sorted(unasked)}
        for f in found:
            key = (f["sid"], f["element"])
            if key in standing:
                f["rests_on"] = []
            else:
                f["rests_on"] = [q for q, keys in alone.items() if key in keys] or ["several"]
    return sorted(found, key=lambda f: (f["element"], f["sid"]))


def library(tm: TM) -> list[dict[str, Any]]:
    """Every rule of pytm's threat library: SID, target classes and CAPEC ids."""
    with open(tm.threatsFile, encoding="utf8") as handle:
        rules = json.load(handle)
    return [
        {
            "sid": rule["SID"],
            "targets": rule["target"],
            "capec": sorted({int(i) for i in CAPEC.findall(rule.get("references", ""))}),
        }
        for rule in rules
        if "DEPRECATED" not in rule
    ]


def main(argv: list[str]) -> int:
    unasked: frozenset[str] = frozenset()
    if "--unasked" in argv:
        unasked = frozenset(filter(None, argv[argv.index("--unasked") + 1].split(",")))
    if "--library" in argv:
        json.dump(library(build()), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    found = findings(build(), unasked)
    if "--json" in argv:
        json.dump(found, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    for f in found:
        capec = ",".join(map(str, f["capec"])) or "-"
        print(f"{f['sid']}\t{f['element']}\t{f['kind']}\tCAPEC {capec}\t{f['description']}")
    print(f"{len(found)} findings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
