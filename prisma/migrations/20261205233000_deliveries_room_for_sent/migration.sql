-- Room on each page for a second version of every row: a delivery job marks a whole page of deliveries sent in one
-- statement, and a row version is only pruned after that statement commits, so at fillfactor 80 three in four of those
-- updates found no room, went to another page and added an entry to both indexes. At 45 they all stay on their page
-- (HOT), and the table ends smaller than at 80 after the marking (measured in BENCHMARKS.md, fan-out history).
-- Applies to pages written from now on; existing pages keep their layout.
ALTER TABLE "deliveries" SET (fillfactor = 45);
