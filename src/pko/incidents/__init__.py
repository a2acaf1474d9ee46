"""The incident log: security incidents affecting peace operations, entered by hand or imported from ACLED, UCDP GED or CSV."""
