"""The Terraform source: HCL and ``.tf.json`` root modules evaluated into model objects.

``find_root_modules`` picks the directories to evaluate; ``load_root_module`` evaluates one
(variables, locals, expressions, functions, ``count``/``for_each``, local modules, data
sources such as ``aws_iam_policy_document``) and normalizes its resources, merging the
resources that configure another one (``aws_s3_bucket_versioning`` into its bucket).
Whatever cannot be evaluated is ``Unresolved``, never guessed and never dropped.
"""

from __future__ import annotations

from secfound.collect.terraform.load import ModuleCache, find_root_modules, load_root_module

__all__ = ["ModuleCache", "find_root_modules", "load_root_module"]
