"""ikm-tui: Pengukuran Kepuasan Pelanggan (IKM/SKM) for a kecamatan office, in the terminal."""

__version__ = "0.1.0"
