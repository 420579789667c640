"""What several stages share and none owns: URLs and registrable domains (``urls``),
and the filesystem and object-store layer (``fs``, ``s3``) that both the readers and
the store use. Modules here import nothing of provscan but ``errors``."""
