"""Eurostat's asylum and 'Dublin' statistics as data and pure rules (Reg. (EC) 862/2007 Art. 4
as amended by Reg. (EU) 2020/851).

What each table counts is a policy the member state must apply the same way every month, so it
lives here as data and small pure functions, away from the database: the dated code lists
(``codes``: citizenship and partner countries, sex, age classes, applicant types, decisions,
withdrawals, Dublin requests, replies and legal provisions), the tables Eurostat asks for with
their dimensions, frequency and source (``tables``), reference periods (``periods``), rounding to
the nearest 5 and flags (``rounding``), and the SDMX-CSV and plain CSV files (``output``).

The counting itself runs in SQL over the store's fact projection (``store.eurostat``); this
package says what the rows mean and checks every code before it leaves.
"""
