"""Services secfound reports its evidence to (the AWS Well-Architected Tool).

Unlike ``collect.live``, which only reads, an integration writes; each says which IAM
actions it needs, apart from the read-only policy of ``assess``.
"""
