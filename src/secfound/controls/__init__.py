"""Control objectives and the frameworks that cite them.

An objective states an outcome the workload must achieve (``data-not-publicly-accessible``);
checks name the objectives they serve and manual controls cover what no check can see.
Frameworks map their requirements to checks and objectives. The vocabulary lives in
``objectives.yaml`` and is read by ``secfound.controls.objectives``.
"""
