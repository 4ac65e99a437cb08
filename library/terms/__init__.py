"""The glossary: PO catalogs in and out, term uses and consistency checks, translation
spotting, proposals back into the catalogs, exports for CAT tools."""
