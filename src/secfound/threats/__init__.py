"""Threat modeling as code (SEC01 BP07): a model file, STRIDE rules, residual risk from the
stored evidence, a register with history, and a data-flow diagram."""
