"""The live source: what is deployed in AWS accounts, read with boto3, read-only.

``assess`` (``secfound.collect.live.assess``) runs every collector of
``secfound.collect.live.services`` for each account and region and returns one
``SourceResult`` per account and region, built from the same model objects as the
CloudFormation and Terraform sources, so every check runs on live resources unchanged.
A call that fails (AccessDenied, a region not opted in, an endpoint that does not answer)
becomes a coverage gap for that service and region; everything else is kept.

boto3 is imported only here, and only when a live command runs.
"""
