"""sampingdesa: the register and field-visit log of the Samping Desa."""

__version__ = "0.1.0"
