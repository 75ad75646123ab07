#!/usr/bin/env python3
"""Writes the small hand-made fixtures of tests/test_readers.cpp in each publisher's layout.

Every fixture holds the same 2-economy x 2-sector table (economies named as each database
names them), so the tests know the answer: Z below, final demand Y[i][r*F+f] =
(i+1)*(f+1) + r with the last-but-one category of row 0 set to -3 (an inventory
drawdown), x = Z·1 + Y·1, and value added x - 1'Z split into the database's components.
The files are committed; rerun this script (python3, standard library only) after a change.
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
Z = [[10, 2, 3, 1],
     [4, 20, 1, 5],
     [2, 1, 30, 6],
     [3, 4, 2, 40]]
N = 2


def final_demand(F, regions=2):
    y = [[(i + 1) * (f + 1) + r for r in range(regions) for f in range(F)] for i in range(4)]
    y[0][F - 2] = -3
    return y


def totals(F):
    y = final_demand(F)
    x = [sum(Z[i]) + sum(y[i]) for i in range(4)]
    inputs = [sum(Z[i][j] for i in range(4)) for j in range(4)]
    va = [x[j] - inputs[j] for j in range(4)]
    return y, x, va


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(text)


def num(v):
    return repr(float(v)) if isinstance(v, float) else str(v)


def zip_files(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for arcname, src in files:
            z.write(src, arcname)


# ---------------------------------------------------------------- OECD ICIO 2023 release
def icio_2023():
    regions, sectors = ["AUS", "AUT"], ["01T02", "05T06"]
    cats = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
    y, x, va = totals(len(cats))
    labels = [f"{r}_{s}" for r in regions for s in sectors]
    header = ["V1"] + labels + [f"{r}_{c}" for r in regions for c in cats] + ["OUT"]
    lines = [",".join(header)]
    for i in range(4):
        lines.append(",".join([labels[i]] + [num(v) for v in Z[i]] + [num(v) for v in y[i]] + [num(x[i])]))
    tls = [1, 2, 1, 3]
    fd_tls = ["0.5"] * len(cats) * 2
    lines.append(",".join(["TLS"] + [num(t) for t in tls] + fd_tls + [""]))
    lines.append(",".join(["VA"] + [num(va[j] - tls[j]) for j in range(4)] + ["0"] * len(cats) * 2 + [""]))
    lines.append(",".join(["OUT"] + [num(v) for v in x] + [""] * len(cats) * 2 + [""]))
    path = os.path.join(HERE, "icio", "ICIO2023_2019.csv")
    write(path, "\r\n".join(lines) + "\r\n")
    zip_files(os.path.join(HERE, "icio", "ICIO2023_2019.zip"), [("ICIO2023_2019.csv", path)])


# ----------------------------------------------- OECD ICIO older layout (TAXSUB, VALU, OUTPUT)
def icio_old():
    regions, sectors = ["AUS", "AUT"], ["C01T05", "C10T14"]
    cats = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "P33"]
    y, x, va = totals(len(cats))
    disc = [0.5, 0, -0.5, 1]
    labels = [f"{r}_{s}" for r in regions for s in sectors]
    header = [""] + labels + [f"{r}_{c}" for r in regions for c in cats] + ["DISC", "TOTAL"]
    lines = [",".join(f'"{h}"' for h in header)]
    for i in range(4):
        lines.append(",".join([f'"{labels[i]}"'] + [num(v) for v in Z[i]] + [num(v) for v in y[i]] +
                              [num(disc[i]), num(x[i] + disc[i])]))
    taxes = [1, 1, 2, 2]
    lines.append(",".join(['"TAXSUB"'] + [num(t) for t in taxes] + ["0"] * (len(cats) * 2 + 2)))
    # DISC is part of the row total TOTAL = OUTPUT; value added closes the columns.
    output = [x[j] + disc[j] for j in range(4)]
    lines.append(",".join(['"VALU"'] + [num(va[j] + disc[j] - taxes[j]) for j in range(4)] + ["0"] * (len(cats) * 2 + 2)))
    lines.append(",".join(['"OUTPUT"'] + [num(v) for v in output] + ["0"] * (len(cats) * 2 + 2)))
    write(os.path.join(HERE, "icio", "ICIO2016_2011.csv"), "\n".join(lines) + "\n")


# --------------------------------- OECD ICIO extended version (CN1/CN2, MX1 production splits)
def icio_extended():
    """CHN, MEX, USA and the splits CN1, CN2, MX1, 2 sectors each (n = 12), no final demand
    of the splits. Values: Z[i][j] = 1 + (3*i + 2*j) % 7, Y[i][r*6+f] = 1 + (i + r + f) % 4."""
    regions = ["CHN", "MEX", "USA", "CN1", "CN2", "MX1"]
    fd_regions = ["CHN", "MEX", "USA"]
    sectors = ["01T02", "10T12"]
    cats = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
    n = len(regions) * 2
    z = [[1 + (3 * i + 2 * j) % 7 for j in range(n)] for i in range(n)]
    y = [[1 + (i + r + f) % 4 for r in range(3) for f in range(6)] for i in range(n)]
    x = [sum(z[i]) + sum(y[i]) for i in range(n)]
    inputs = [sum(z[i][j] for i in range(n)) for j in range(n)]
    labels = [f"{r}_{s}" for r in regions for s in sectors]
    header = [""] + labels + [f"{r}_{c}" for r in fd_regions for c in cats] + ["OUT"]
    lines = [",".join(header)]
    for i in range(n):
        lines.append(",".join([labels[i]] + [num(v) for v in z[i]] + [num(v) for v in y[i]] + [num(x[i])]))
    lines.append(",".join(["TLS"] + ["1"] * n + [""] * 18 + [""]))
    lines.append(",".join(["VA"] + [num(x[j] - inputs[j] - 1) for j in range(n)] + [""] * 18 + [""]))
    lines.append(",".join(["OUT"] + [num(v) for v in x] + [""] * 18 + [""]))
    write(os.path.join(HERE, "icio", "ICIO2021_extended_2018.csv"), "\n".join(lines) + "\n")


# ------------------------------------------------------------------ WIOD 2016 release
def wiod2016():
    regions = ["AUS", "ROW"]
    codes = ["A01", "M74_M75"]
    names = ["Crop and animal production, hunting and related service activities",
             "Other professional, scientific and technical activities; veterinary activities"]
    cats = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
    cat_names = ["Final consumption expenditure by households",
                 "Final consumption expenditure by non-profit organisations serving households (NPISH)",
                 "Final consumption expenditure by government", "Gross fixed capital formation",
                 "Changes in inventories and valuables"]
    y, x, va = totals(len(cats))
    q = lambda s: '"' + s.replace('"', '""') + '"' if ("," in s or '"' in s) else s
    nz, nf = 4, 10
    rows = []
    rows.append(["World Input-Output Table 2014"] + [""] * (3 + nz + nf + 1))
    rows.append(["(millions of US$)"] + [""] * (3 + nz + nf + 1))
    rows.append(["", "", "", ""] + [codes[j % 2] for j in range(nz)] + [cats[k % 5] for k in range(nf)] + ["GO"])
    rows.append(["", "", "", ""] + [q(names[j % 2]) for j in range(nz)] + [q(cat_names[k % 5]) for k in range(nf)] + ["Total output"])
    rows.append(["", "", "", ""] + [regions[j // 2] for j in range(nz)] + [regions[k // 5] for k in range(nf)] + [""])
    rows.append(["", "", "", ""] + [f"c{j % 2 + 1}" for j in range(nz)] + [f"c{57 + k % 5}" for k in range(nf)] + ["c62"])
    for i in range(4):
        rows.append([codes[i % 2], q(names[i % 2]), regions[i // 2], f"c{i % 2 + 1}"] +
                    [num(v) for v in Z[i]] + [num(v) for v in y[i]] + [num(x[i])])
    inputs = [sum(Z[i][j] for i in range(4)) for j in range(4)]
    # value added split over TXSP, EXP_adj, PURR, PURNR, VA, IntTTM
    parts = {"TXSP": [1, 0, 2, 1], "EXP_adj": [0, 1, 0, 0], "PURR": [0, 0, 1, 0],
             "PURNR": [-1, 0, 0, 0], "IntTTM": [0, 0, 0, 1]}
    core = [va[j] - sum(p[j] for p in parts.values()) for j in range(4)]
    bottom = [("II_fob", "Total intermediate consumption", inputs),
              ("TXSP", "taxes less subsidies on products", parts["TXSP"]),
              ("EXP_adj", "Cif/ fob adjustments on exports", parts["EXP_adj"]),
              ("PURR", "Direct purchases abroad by residents", parts["PURR"]),
              ("PURNR", "Purchases on the domestic territory by non-residents", parts["PURNR"]),
              ("VA", "Value added at basic prices", core),
              ("IntTTM", "International Transport Margins", parts["IntTTM"]),
              ("GO", "Output at basic prices", x)]
    for k, (code, name, values) in enumerate(bottom):
        rows.append([code, name, "", f"r{64 + k}"] + [num(v) for v in values] + [""] * nf + [""])
    path = os.path.join(HERE, "wiod2016", "WIOT2014_Nov16_ROW.csv")
    write(path, "\n".join(",".join(r) for r in rows) + "\n")
    zip_files(os.path.join(HERE, "wiod2016", "WIOTS_in_CSV.zip"), [("WIOT2014_Nov16_ROW.csv", path)])


# ------------------------------------------------------------------------- ADB MRIO
def adb():
    regions = ["PRC", "RoW"]
    cats = ["F1", "F2", "F3", "F4", "F5"]
    y, x, va = totals(len(cats))
    names = ["Agriculture, hunting, forestry, and fishing", "Mining and quarrying"]
    nz, nf = 4, 10
    width = 4 + nz + nf + 1
    rows = [["Multiregional Input-Output Table 2019"] + [""] * (width - 1),
            ["(in millions of current US$)"] + [""] * (width - 1),
            [""] * width, [""] * width, [""] * width]
    rows.append(["", "", "", ""] + [regions[j // 2] for j in range(nz)] + [regions[k // 5] for k in range(nf)] + ["ToT"])
    rows.append(["", "", "", ""] + [f"c{j % 2 + 1}" for j in range(nz)] + [cats[k % 5] for k in range(nf)] + [""])
    for i in range(4):
        rows.append(["", '"' + names[i % 2] + '"', regions[i // 2], f"c{i % 2 + 1}"] +
                    [num(v) for v in Z[i]] + [num(v) if v != 0 else " " for v in y[i]] + [num(x[i])])
    inputs = [sum(Z[i][j] for i in range(4)) for j in range(4)]
    taxes = [1, 1, 0, 2]
    rows.append(["", "Total intermediate inputs", "", "r60"] + [num(v) for v in inputs] + [""] * (nf + 1))
    rows.append(["", "Taxes less subsidies on products", "", "r61"] + [num(v) for v in taxes] + [""] * (nf + 1))
    rows.append(["", "Value added at basic prices", "", "r64"] + [num(va[j] - taxes[j]) for j in range(4)] + [""] * (nf + 1))
    rows.append(["", "Total input", "ToT", "r69"] + [num(v) for v in x] + [""] * (nf + 1))
    rows.append(["Source: ADB MRIO database"] + [""] * (width - 1))
    write(os.path.join(HERE, "adb", "ADB-MRIO-2019.csv"), "\n".join(",".join(r) for r in rows) + "\n")


# ----------------------------------------------------------------------- FIGARO
def figaro():
    regions, sectors = ["AT", "FIGW1"], ["A01", "C10T12"]
    cats = ["P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"]
    y, x, va = totals(len(cats))
    labels = [f"{r}_{s}" for r in regions for s in sectors]
    header = ["rowLabels"] + labels + [f"{r}_{c}" for r in regions for c in cats]
    lines = [",".join(header)]
    for i in range(4):
        lines.append(",".join([labels[i]] + [num(v) for v in Z[i]] + [num(v) for v in y[i]]))
    components = {"W2_B2A3G": None, "W2_D1": [2, 3, 1, 4], "W2_D21X31": [1, 0, 1, 0],
                  "W2_D29X39": [0, 1, 0, 1], "W2_OP_RES": [0, 0, 1, 0], "W2_OP_NRES": [0, 0, 0, -1]}
    known = [sum(v[j] for v in components.values() if v) for j in range(4)]
    components["W2_B2A3G"] = [va[j] - known[j] for j in range(4)]
    for label, values in components.items():
        lines.append(",".join([label] + [num(v) for v in values] + ["0"] * 10))
    write(os.path.join(HERE, "figaro", "matrix_eu-ic-io_ind-by-ind_23ed_2021.csv"), "\n".join(lines) + "\n")


# -------------------------------------------------------------------- EXIOBASE 3
def exiobase():
    regions = ["AT", "BE"]
    sectors = ["Cultivation of paddy rice", "Mining of coal and lignite, extraction of peat"]
    cats = ["Final consumption expenditure by households",
            "Final consumption expenditure by non-profit organisations serving households (NPISH)",
            "Final consumption expenditure by government", "Gross fixed capital formation",
            "Changes in inventories", "Changes in valuables", "Exports: Total (fob)"]
    y, x, va = totals(len(cats))
    folder = os.path.join(HERE, "exiobase3", "IOT_2019_ixi")
    t = "\t"
    zl = [t.join(["region", ""] + [regions[j // 2] for j in range(4)]),
          t.join(["sector", ""] + [sectors[j % 2] for j in range(4)]),
          t.join(["region", "sector"] + [""] * 4)]
    for i in range(4):
        zl.append(t.join([regions[i // 2], sectors[i % 2]] + [num(float(v)) for v in Z[i]]))
    write(os.path.join(folder, "Z.txt"), "\n".join(zl) + "\n")
    yl = [t.join(["region", ""] + [regions[k // 7] for k in range(14)]),
          t.join(["category", ""] + [cats[k % 7] for k in range(14)]),
          t.join(["region", "sector"] + [""] * 14)]
    for i in range(4):
        yl.append(t.join([regions[i // 2], sectors[i % 2]] + [num(float(v)) for v in y[i]]))
    write(os.path.join(folder, "Y.txt"), "\n".join(yl) + "\n")
    xl = [t.join(["region", "sector", "indout"])]
    for i in range(4):
        xl.append(t.join([regions[i // 2], sectors[i % 2], num(float(x[i]))]))
    write(os.path.join(folder, "x.txt"), "\n".join(xl) + "\n")
    ul = [t.join(["region", "sector", "unit"])] + [t.join([regions[i // 2], sectors[i % 2], "M.EUR"]) for i in range(4)]
    write(os.path.join(folder, "unit.txt"), "\n".join(ul) + "\n")
    zip_files(os.path.join(HERE, "exiobase3", "IOT_2019_ixi.zip"),
              [(f"IOT_2019_ixi/{name}", os.path.join(folder, name)) for name in ["Z.txt", "Y.txt", "x.txt", "unit.txt"]])


# ------------------------------------------------------------------------ Eora26
def eora():
    """AFG and ALB with 2 sectors, then the one-sector ROW block. ROW buys 1 from every
    sector (T column) and sells 2 to every sector; its final demand columns get 1 each."""
    cats = ["Household final consumption P.3h", "Non-profit institutions serving households P.3n",
            "Government final consumption P.3g", "Gross fixed capital formation P.51",
            "Changes in inventories P.52", "Acquisitions less disposals of valuables P.53"]
    y, x, va = totals(len(cats))
    names = {"AFG": "Afghanistan", "ALB": "Albania", "ROW": "Rest of the World"}
    sectors = ["Agriculture", "Fishing"]
    t_labels = [f"{names[r]}\tIndustries\t{s}" for r in ["AFG", "ALB"] for s in sectors]
    t_labels = [f"{names[r]}\t{r}\tIndustries\t{s}" for r in ["AFG", "ALB"] for s in sectors]
    t_labels.append("Rest of the World\tROW\tIndustries\tTOTAL")
    fd_labels = [f"{names[r]}\t{r}\tFinal Demand\t{c}" for r in ["AFG", "ALB", "ROW"] for c in cats]
    va_names = ["Compensation of employees D.1", "Taxes on production D.29", "Subsidies on production D.39",
                "Net operating surplus B.2n", "Net mixed income B.3n", "Consumption of fixed capital K.1"]
    va_labels = [f"Primary Inputs\t{v}" for v in va_names]
    t_rows, fd_rows = [], []
    for i in range(4):
        t_rows.append([float(v) for v in Z[i]] + [1.0])              # sales to ROW: 1
        fd_rows.append([float(v) for v in y[i]] + [1.0] * 6)          # to ROW final demand: 1 each
    t_rows.append([2.0] * 4 + [0.0])
    fd_rows.append([0.0] * 12 + [5.0] * 6)
    # value added: published components of the 4 kept columns (ROW column: 0); inputs from ROW
    # (2 per column) are outside the kept Z: VA = x - 1'Z - 2 so x = 1'Z + 2 + VA.
    xfull = [sum(t_rows[i]) + sum(fd_rows[i]) for i in range(4)]
    inputs = [sum(Z[i][j] for i in range(4)) for j in range(4)]
    total_va = [xfull[j] - inputs[j] - 2 for j in range(4)]
    va_rows = [[0.0] * 5 for _ in range(6)]
    for j in range(4):
        va_rows[0][j] = total_va[j] - 3.0
        va_rows[1][j] = 2.0
        va_rows[2][j] = -1.0
        va_rows[3][j] = 2.0
    folder = os.path.join(HERE, "eora26", "Eora26_2015_bp")
    write(os.path.join(folder, "labels_T.txt"), "\n".join(l + "\t" for l in t_labels) + "\n")
    write(os.path.join(folder, "labels_FD.txt"), "\n".join(l + "\t" for l in fd_labels) + "\n")
    write(os.path.join(folder, "labels_VA.txt"), "\n".join(l + "\t" for l in va_labels) + "\n")
    fmt = lambda rows: "\n".join("\t".join(num(v) for v in r) for r in rows) + "\n"
    write(os.path.join(folder, "Eora26_2015_bp_T.txt"), fmt(t_rows))
    write(os.path.join(folder, "Eora26_2015_bp_FD.txt"), fmt(fd_rows))
    write(os.path.join(folder, "Eora26_2015_bp_VA.txt"), fmt(va_rows))
    zipped = os.path.join(HERE, "eora26", "zipped")
    os.makedirs(zipped, exist_ok=True)
    zip_files(os.path.join(zipped, "Eora26_2015_bp.zip"),
              [(name, os.path.join(folder, name)) for name in
               ["Eora26_2015_bp_T.txt", "Eora26_2015_bp_FD.txt", "Eora26_2015_bp_VA.txt"]])
    zip_files(os.path.join(zipped, "indices.zip"),
              [(name, os.path.join(folder, name)) for name in ["labels_T.txt", "labels_FD.txt", "labels_VA.txt"]])


if __name__ == "__main__":
    icio_2023()
    icio_old()
    icio_extended()
    wiod2016()
    adb()
    figaro()
    exiobase()
    eora()
