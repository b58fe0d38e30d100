"""Shop 9 — heterogeneous shop: the replenishment shop (replen.csv, households 1..2000, products 1..300) and the
low-repeat cluster shop (lowrep.csv, households +100000, products +100000, baskets +10^7) in one file, days cut at 364.
Question: does one fitted blend serve both kinds of household as well as each shop's own fit?"""
rows = []
with open("mix.csv", "w") as o:
    o.write("household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE\n")
    for line in open("replen.csv").readlines()[1:]:
        hh, b, d, p, q, s = line.strip().split(",")
        if int(d) <= 364: o.write(line)
    for line in open("lowrep.csv").readlines()[1:]:
        hh, b, d, p, q, s = line.strip().split(",")
        o.write(f"{int(hh)+100000},{int(b)+10**7},{d},{int(p)+100000},{q},{s}\n")
