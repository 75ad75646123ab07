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
    """A zip of the files, with fixed time stamps so that reruns give the same bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for arcname, src in files:
            info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(src, "rb") as f:
                z.writestr(info, f.read())


# ---------------------------------------------------------------- OECD ICIO, every release
# Every ICIO fixture holds CHN, MEX, USA and (where the release has them) the production
# splits CN1, CN2, MX1, MX2 as economies of their own in Z, 2 industries each, without
# final-demand columns. Values: Z[i][j] = 1 + (3i + 2j) % 7, Y[i][r*6+f] = 1 + (i + r + f) % 4.
def icio_table(regions, fd_regions, cats, extra_y=None):
    n = len(regions) * 2
    F = len(cats)
    z = [[1 + (3 * i + 2 * j) % 7 for j in range(n)] for i in range(n)]
    y = [[1 + (i + r + f) % 4 for r in range(len(fd_regions)) for f in range(F)] for i in range(n)]
    x = [sum(z[i]) + sum(y[i]) for i in range(n)]
    inputs = [sum(z[i][j] for i in range(n)) for j in range(n)]
    return n, z, y, x, inputs


def icio_release(path, first_cell, sectors, regions, fd_regions, cats, reversed_fd, quoted,
                 tax_rows, va_row, out_row, out_col, disc=False, crlf=False, zip_as=None):
    n, z, y, x, inputs = icio_table(regions, fd_regions, cats)
    q = (lambda t: '"' + t + '"') if quoted else (lambda t: t)
    labels = [f"{r}_{s}" for r in regions for s in sectors]
    fd = [(f"{c}_{r}" if reversed_fd else f"{r}_{c}") for r in fd_regions for c in cats]
    header = [first_cell] + labels + fd + (["DISC"] if disc else []) + [out_col]
    d = [0.5 * ((i % 3) - 1) for i in range(n)] if disc else [0] * n
    lines = [",".join(q(h) for h in header)]
    for i in range(n):
        lines.append(",".join([q(labels[i])] + [num(v) for v in z[i]] + [num(v) for v in y[i]] +
                              ([num(d[i])] if disc else []) + [num(x[i] + d[i])]))
    blank = [""] * (len(fd) + (1 if disc else 0) + 1)
    # tax rows: taxes less subsidies on intermediate inputs, 1 per column in total
    per_tax = 1.0 / len(tax_rows) if tax_rows else 0.0
    taxes = 1 if tax_rows else 0
    for t in tax_rows:
        lines.append(",".join([q(t)] + [num(per_tax)] * n + ["0.25"] * len(fd) + blank[len(fd):]))
    lines.append(",".join([q(va_row)] + [num(x[j] + d[j] - inputs[j] - taxes) for j in range(n)] + blank))
    lines.append(",".join([q(out_row)] + [num(x[j] + d[j]) for j in range(n)] + blank))
    write(path, ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n"))
    if zip_as:
        zip_files(zip_as[0], [(zip_as[1], path)])


def icio():
    cats6 = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
    root = os.path.join(HERE, "icio")
    split = ["CHN", "MEX", "USA", "CN1", "CN2", "MX1", "MX2"]
    plain = ["CHN", "MEX", "USA"]
    fdr = ["CHN", "MEX", "USA"]
    # 2016 release: quoted labels, industry codes with a suffix, final demand written
    # category first (HFCE_CHN), one VA+TAXSUB row, OUTPUT row, TOTAL column, DISC column.
    icio_release(os.path.join(root, "2016", "ICIO2016_2011.csv"), "", ["C01T05AGR", "C10T14MIN"],
                 split, fdr, ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "P33"], True, True,
                 [], "VA+TAXSUB", "OUTPUT", "TOTAL", disc=True,
                 zip_as=(os.path.join(root, "2016", "ICIO2016_2011.zip"), "ICIO2016_2011.csv"))
    # 2018 release: CCC_TAXSUB rows per country, VALU, OUTPUT; P33; TOTAL column.
    icio_release(os.path.join(root, "2018", "ICIO2018_2015.csv"), "", ["01T03", "05T06"],
                 split, fdr, ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "P33"], False, False,
                 [f"{r}_TAXSUB" for r in plain], "VALU", "OUTPUT", "TOTAL",
                 zip_as=(os.path.join(root, "2018", "ICIO2018_2015.zip"), "ICIO2018_2015.csv"))
    # 2021 release: ICIO2021_YYYY.csv, CN1/CN2/MX1/MX2, *_TAXSUB, VALU, OUTPUT, TOTAL; DPABR.
    icio_release(os.path.join(root, "2021", "ICIO2021_2018.csv"), "", ["01T02", "05T06"],
                 split, fdr, cats6, False, False, [f"{r}_TAXSUB" for r in plain + ["CN1", "CN2", "MX1", "MX2"]],
                 "VALU", "OUTPUT", "TOTAL",
                 zip_as=(os.path.join(root, "2021", "ICIO2021_2015-2018.zip"), "ICIO2021_2018.csv"))
    # 2023 release: YYYY_SML.csv inside YYYY-YYYY_SML.zip; first cell V1; TLS, VA, OUT rows;
    # OUT column; CRLF line ends. The _EXT variant keeps the splits.
    icio_release(os.path.join(root, "2023", "2019_SML.csv"), "V1", ["01T02", "05T06"],
                 plain, fdr, cats6, False, False, ["TLS"], "VA", "OUT", "OUT", crlf=True,
                 zip_as=(os.path.join(root, "2023", "2016-2020_SML.zip"), "2019_SML.csv"))
    icio_release(os.path.join(root, "2023", "2018_EXT.csv"), "V1", ["01T02", "10T12"],
                 split[:6], fdr, cats6, False, False, ["TLS"], "VA", "OUT", "OUT",
                 zip_as=(os.path.join(root, "2023", "2016-2020_EXT.zip"), "2018_EXT.csv"))
    # 2025 edition: 81 economies x 50 industries, new codes such as C24A and C301; the
    # 2023 layout otherwise.
    icio_release(os.path.join(root, "2025", "2022_SML.csv"), "V1", ["C24A", "C301"],
                 plain, fdr, cats6, False, False, ["TLS"], "VA", "OUT", "OUT", crlf=True,
                 zip_as=(os.path.join(root, "2025", "2021-2022_SML.zip"), "2022_SML.csv"))


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
    # The flat (long) file of the same table: one line per (row, column) pair, rows in the
    # matrix's order and each row's cells together; the concatenated labels (icioiRow,
    # icioiCol) first, then their parts and the value. Eurostat zips it under the same name.
    columns = [(r, s) for r in regions for s in sectors] + [(r, c) for r in regions for c in cats]
    rows = [(r, s) for r in regions for s in sectors] + [tuple(label.split("_", 1)) for label in components]
    values = [Z[i] + y[i] for i in range(4)] + [v + [0] * 10 for v in components.values()]
    flat = ["icioiRow,icioiCol,refArea,rowIi,counterpartArea,colIi,obsValue"]
    for (ra, ri), row_values in zip(rows, values):
        for (ca, ci), v in zip(columns, row_values):
            flat.append(f"{ra}_{ri},{ca}_{ci},{ra},{ri},{ca},{ci},{num(v)}")
    name = "flatfile_eu-ic-io_ind-by-ind_23ed_2021"
    csv = os.path.join(HERE, "figaro", "flat", name + ".csv")
    write(csv, "\n".join(flat) + "\n")
    zip_files(os.path.join(HERE, "figaro", "flat", name + ".zip"), [(name + ".csv", csv)])


# -------------------------------------------------------------------- EXIOBASE 3
# pymrio writes every matrix with pandas' to_csv(sep="\t"): one header row per column level
# (the level name, blanks over the other index columns, then the labels), then a row of the
# index names, then the data rows (index labels, values). file_parameters.json gives the
# index columns and header rows of each file.
EXIO_REGIONS = ["AT", "BE"]
EXIO_ISO3 = {"AT": "AUT", "BE": "BEL"}
EXIO_CATS = ["Final consumption expenditure by households",
             "Final consumption expenditure by non-profit organisations serving households (NPISH)",
             "Final consumption expenditure by government", "Gross fixed capital formation",
             "Changes in inventories", "Changes in valuables", "Exports: Total (fob)"]
EXIO_FACTOR_INPUTS = [
    "Taxes less subsidies on products purchased: Total",
    "Other net taxes on production",
    "Compensation of employees; wages, salaries, & employers' social contributions: Low-skilled",
    "Compensation of employees; wages, salaries, & employers' social contributions: Medium-skilled",
    "Compensation of employees; wages, salaries, & employers' social contributions: High-skilled",
    "Operating surplus: Consumption of fixed capital",
    "Operating surplus: Rents on land",
    "Operating surplus: Royalties on resources",
    "Operating surplus: Remaining net operating surplus"]


def exio_matrix(row_index, col_levels, rows, index_names):
    """Text of a pymrio matrix: col_levels = [(level name, labels)], row_index = [tuple]."""
    t = "\t"
    k = len(index_names)
    lines = [t.join([name] + [""] * (k - 1) + list(labels)) for name, labels in col_levels]
    lines.append(t.join(index_names + [""] * len(col_levels[0][1])))
    for idx, values in zip(row_index, rows):
        lines.append(t.join(list(idx) + [num(v) for v in values]))
    return "\n".join(lines) + "\n"


def exio_params(systemtype, files):
    import json
    return json.dumps({"systemtype": systemtype, "name": "EXIOBASE",
                       "files": {key: {"name": name, "nr_index_col": str(ic), "nr_header": str(hr)}
                                 for key, (name, ic, hr) in files.items()}}, indent=4) + "\n"


def exio_factor_inputs(va, shares, extra_rows=()):
    """The 9 factor-input rows splitting va (by column), then other stressors."""
    rows = []
    for k in range(9):
        rows.append([va[j] * shares[k] for j in range(4)])
    return rows + [list(r) for r in extra_rows]


def exiobase_system(folder, release, kind, year_zip, with_z, with_a, with_x, satellite, iso3_in_a=False):
    sectors = (["Cultivation of paddy rice", "Mining of coal and lignite, extraction of peat"]
               if kind == "ixi" else
               ["Paddy rice", "Anthracite"])
    regions = EXIO_REGIONS
    y, x, va = totals(len(EXIO_CATS))
    files = {}
    col_z = [("region", [regions[j // 2] for j in range(4)]), ("sector", [sectors[j % 2] for j in range(4)])]
    idx = [(regions[i // 2], sectors[i % 2]) for i in range(4)]
    if with_z:
        write(os.path.join(folder, "Z.txt"), exio_matrix(idx, col_z, [[float(v) for v in r] for r in Z], ["region", "sector"]))
        files["Z"] = ("Z.txt", 2, 2)
    if with_a:
        a = [[Z[i][j] / x[j] for j in range(4)] for i in range(4)]
        if iso3_in_a:  # some 3.4 ixi files: ISO 3166 alpha-3 country codes
            col_a = [("region", [EXIO_ISO3[regions[j // 2]] for j in range(4)]), col_z[1]]
            idx_a = [(EXIO_ISO3[r], s) for r, s in idx]
        else:
            col_a, idx_a = col_z, idx
        write(os.path.join(folder, "A.txt"), exio_matrix(idx_a, col_a, a, ["region", "sector"]))
        files["A"] = ("A.txt", 2, 2)
    col_y = [("region", [regions[k // 7] for k in range(14)]), ("category", [EXIO_CATS[k % 7] for k in range(14)])]
    write(os.path.join(folder, "Y.txt"), exio_matrix(idx, col_y, [[float(v) for v in r] for r in y], ["region", "sector"]))
    files["Y"] = ("Y.txt", 2, 2)
    if with_x:
        write(os.path.join(folder, "x.txt"), "\t".join(["region", "sector", "indout"]) + "\n" +
              "".join("\t".join([idx[i][0], idx[i][1], num(float(x[i]))]) + "\n" for i in range(4)))
        files["x"] = ("x.txt", 2, 1)
    write(os.path.join(folder, "unit.txt"), "region\tsector\tunit\n" +
          "".join(f"{r}\t{s}\tM.EUR\n" for r, s in idx))
    files["unit"] = ("unit.txt", 2, 1)
    write(os.path.join(folder, "file_parameters.json"), exio_params("IOSystem", files))
    write(os.path.join(folder, "metadata.json"),
          '{\n    "name": "EXIOBASE",\n    "description": "EXIOBASE %s monetary %s (fixture)",\n'
          '    "version": "%s",\n    "history": []\n}\n' % (release, kind, release))
    shares = [0.125, 0.0625, 0.125, 0.25, 0.125, 0.125, 0.0625, 0.0625, 0.0625]  # sum 1
    assert abs(sum(shares) - 1) < 1e-15
    for account, fy_name, extra in satellite:
        sub = os.path.join(folder, account)
        names = (EXIO_FACTOR_INPUTS if account in ("satellite", "factor_inputs") else []) + [e[0] for e in extra]
        units = (["M.EUR"] * 9 if account in ("satellite", "factor_inputs") else []) + [e[1] for e in extra]
        rows = (exio_factor_inputs(va, shares) if account in ("satellite", "factor_inputs") else []) + [e[2] for e in extra]
        write(os.path.join(sub, "F.txt"), exio_matrix([(n,) for n in names], col_z, rows, ["stressor"]))
        write(os.path.join(sub, fy_name), exio_matrix([(n,) for n in names], col_y,
                                                      [[0.0] * 14 for _ in names], ["stressor"]))
        write(os.path.join(sub, "unit.txt"), "stressor\tunit\n" + "".join(f"{n}\t{u}\n" for n, u in zip(names, units)))
        write(os.path.join(sub, "file_parameters.json"),
              exio_params("Extension", {"F": ("F.txt", 1, 2), fy_name[:-4]: (fy_name, 1, 2), "unit": ("unit.txt", 1, 1)}))
    base = os.path.basename(folder)
    entries = []
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            path = os.path.join(root, name)
            entries.append((base + "/" + os.path.relpath(path, folder).replace(os.sep, "/"), path))
    zip_files(os.path.join(os.path.dirname(folder), base + ".zip"), sorted(entries))


def exiobase():
    import shutil
    root = os.path.join(HERE, "exiobase3")
    shutil.rmtree(root, ignore_errors=True)
    employment = ("Employment: Low-skilled male", "1000 p.", [0.5, 0.25, 1.0, 2.0])
    co2 = ("CO2 - combustion - air", "kg", [100.0, 20.0, 30.0, 5.0])
    # 3.4: A, Y, unit, file_parameters.json, metadata.json, satellite/ (F, F_hh); no Z, no x.
    exiobase_system(os.path.join(root, "3.4", "IOT_2011_ixi"), "3.4", "ixi", True, False, True, False,
                    [("satellite", "F_hh.txt", [employment, co2])], iso3_in_a=True)
    # 3.8.1: Z, A, Y, x, satellite/ (F, F_hh), impacts/.
    exiobase_system(os.path.join(root, "3.8.1", "IOT_2019_ixi"), "3.8.1", "ixi", True, True, True, True,
                    [("satellite", "F_hh.txt", [employment, co2]),
                     ("impacts", "F_hh.txt", [("GHG emissions (GWP100)", "kg CO2 eq.", [120.0, 25.0, 31.0, 6.0])])])
    # 3.8.2: as 3.8.1, the final-demand stressors renamed F_Y.txt; here the pxp system.
    exiobase_system(os.path.join(root, "3.8.2", "IOT_2021_pxp"), "3.8.2", "pxp", True, True, True, True,
                    [("satellite", "F_Y.txt", [employment, co2]),
                     ("impacts", "F_Y.txt", [("GHG emissions (GWP100)", "kg CO2 eq.", [120.0, 25.0, 31.0, 6.0])])])
    # 3.9 and 3.10: Z, Y (and A), one folder per account; no x.
    for release, year, kind in [("3.9", 2020, "ixi"), ("3.10", 2022, "pxp")]:
        exiobase_system(os.path.join(root, release, f"IOT_{year}_{kind}"), release, kind, True, True, False, False,
                        [("factor_inputs", "F_Y.txt", []), ("air_emissions", "F_Y.txt", [co2]),
                         ("employment", "F_Y.txt", [employment])])
    # A folder of the publisher's zips of several years (import --year picks one).
    zips = os.path.join(root, "zips")
    os.makedirs(zips, exist_ok=True)
    shutil.copy(os.path.join(root, "3.8.1", "IOT_2019_ixi.zip"), zips)
    shutil.copy(os.path.join(root, "3.9", "IOT_2020_ixi.zip"), zips)


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


# --------------------------------------------------------------- spreadsheets (.xlsx)
def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def column_letters(c):
    letters = ""
    while c:
        c, r = divmod(c - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def write_xlsx(path, sheets):
    """An Office Open XML workbook: sheets = [(name, rows)], rows = lists of str / numbers /
    None. Text goes to the shared strings (cells whose text starts with '~' are written as
    inline strings instead); empty cells and rows are left out, so cell references skip."""
    shared, index = [], {}
    sheet_xml = []
    for _, rows in sheets:
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                ref = f"{column_letters(c)}{r}"
                if isinstance(value, str) and value.startswith("~"):
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{xml_escape(value[1:])}</t></is></c>')
                elif isinstance(value, str):
                    if value not in index:
                        index[value] = len(shared)
                        shared.append(value)
                    cells.append(f'<c r="{ref}" t="s"><v>{index[value]}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{num(value)}</v></c>')
            if cells:
                out.append(f'<row r="{r}">' + "".join(cells) + "</row>")
        out.append("</sheetData></worksheet>")
        sheet_xml.append("".join(out))
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for k in range(len(sheets)))
            + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{xml_escape(name)}" sheetId="{k + 1}" r:id="rId{k + 1}"/>' for k, (name, _) in enumerate(sheets))
            + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{k + 1}.xml"/>' for k in range(len(sheets)))
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(shared)}" uniqueCount="{len(shared)}">'
            + "".join(f"<si><t>{xml_escape(t)}</t></si>" for t in shared) + "</sst>",
    }
    for k, xml in enumerate(sheet_xml):
        parts[f"xl/worksheets/sheet{k + 1}.xml"] = xml
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


def adb_xlsx():
    """The ADB table as the workbook itself (its first sheet), read directly."""
    import csv
    with open(os.path.join(HERE, "adb", "ADB-MRIO-2019.csv"), newline="") as f:
        rows = list(csv.reader(f))
    cells = []
    for row in rows:
        out = []
        for v in row:
            v = v.strip()
            try:
                out.append(float(v) if "." in v else int(v))
            except ValueError:
                out.append(v)
        cells.append(out)
    cells[1][0] = "~" + cells[1][0]  # one inline string, as some writers use
    write_xlsx(os.path.join(HERE, "adb", "ADB-MRIO-2019.xlsx"), [("ADB MRIO 2019", cells), ("Notes", [["Source: ADB"]])])


# ------------------------------------------------------------------------- GLORIA
# Two regions x two sectors. Supply V (industry x product, within each region), use U
# (product x industry, all regions), final demand of the products Y (6 categories per
# region), value added of the industries (6 categories). Final demand closes the product
# balance q = U·1 + Y·1 = 1'V; value added closes the industries g = V·1 = 1'U + VA.
GLORIA_REGIONS = ["AUS", "CHE"]
GLORIA_SECTORS = ["Wheat", "Motor vehicles"]
GLORIA_FD = ["Household final consumption P.3h", "Non-profit institutions serving households P.3n",
             "Government final consumption P.3g", "Gross fixed capital formation P.51",
             "Changes in inventories P.52", "Acquisitions less disposals of valuables P.53"]
GLORIA_VA = ["Compensation of employees D.1", "Taxes on production D.29", "Subsidies on production D.39",
             "Net operating surplus B.2n", "Net mixed income B.3n", "Consumption of fixed capital K.1"]
GLORIA_V = [[[90, 10], [5, 120]], [[200, 0], [20, 150]]]  # per region: industry x product
GLORIA_U = [[10, 4, 6, 2],   # product rows (region-major), industry columns (region-major)
            [8, 30, 3, 12],
            [5, 2, 25, 6],
            [3, 9, 7, 20]]


def gloria_arrays():
    G, N = 2, 2
    q = [sum(GLORIA_V[r][i][p] for i in range(N)) for r in range(G) for p in range(N)]
    g = [sum(GLORIA_V[r][i]) for r in range(G) for i in range(N)]
    y = []
    for p in range(4):
        final = q[p] - sum(GLORIA_U[p])
        assert final > 0
        row = [0.0] * 12
        row[0] = final * 0.5            # own region households... split over both regions
        row[3] = final * 0.25
        row[6] = final * 0.125
        row[9] = final * 0.125
        y.append(row)
    va = [g[j] - sum(GLORIA_U[p][j] for p in range(4)) for j in range(4)]
    assert all(v > 0 for v in va)
    return q, g, y, va


def gloria():
    G, N = 2, 2
    q, g, y, va = gloria_arrays()
    n_t = G * 2 * N
    t = [[0.0] * n_t for _ in range(n_t)]
    for r in range(G):
        for i in range(N):
            for p in range(N):
                t[r * 2 * N + i][r * 2 * N + N + p] = GLORIA_V[r][i][p]
        for p in range(N):
            for s in range(G):
                for j in range(N):
                    t[r * 2 * N + N + p][s * 2 * N + j] = GLORIA_U[r * N + p][s * N + j]
    yt = [[0.0] * 12 for _ in range(n_t)]
    for r in range(G):
        for p in range(N):
            yt[r * 2 * N + N + p] = y[r * N + p]
    vt = [[0.0] * n_t for _ in range(G * 6)]
    shares = [0.5, 0.125, -0.0625, 0.25, 0.0625, 0.125]  # sum 1
    for s in range(G):
        for j in range(N):
            for k in range(6):
                vt[s * 6 + k][s * 2 * N + j] = va[s * N + j] * shares[k]
    folder = os.path.join(HERE, "gloria", "GLORIA_MRIOs_59_2019")
    stem = "20240111_120secMother_AllCountries_002_{}-Results_2019_059_Markup001(full).csv"
    fmt = lambda rows: "\n".join(",".join(num(v) for v in r) for r in rows) + "\n"
    write(os.path.join(folder, stem.format("T")), fmt(t))
    write(os.path.join(folder, stem.format("Y")), fmt(yt))
    write(os.path.join(folder, stem.format("V")), fmt(vt))
    # purchasers' prices (Markup005) are not read: a decoy of the wrong shape
    write(os.path.join(folder, stem.format("T").replace("Markup001", "Markup005")), "1,2\n")
    readme = os.path.join(HERE, "gloria", "GLORIA_ReadMe_059.xlsx")
    write_xlsx(readme, [
        ("Readme", [["GLORIA MRIO, release 059 (fixture)"]]),
        ("Regions", [["Lfd_Nr", "Region_acronyms", "Region_names"]] +
                    [[k + 1, r, n] for k, (r, n) in enumerate(zip(GLORIA_REGIONS, ["Australia", "Switzerland"]))]),
        ("Sectors", [["Lfd_Nr", "Sector_names"]] + [[k + 1, s] for k, s in enumerate(GLORIA_SECTORS)]),
        ("Value added and final demand", [["Lfd_Nr", "Value_added_names", "Final_demand_names"]] +
                                         [[k + 1, GLORIA_VA[k], GLORIA_FD[k]] for k in range(6)]),
    ])
    zip_files(os.path.join(HERE, "gloria", "GLORIA_MRIOs_59_2019.zip"),
              [(stem.format(k), os.path.join(folder, stem.format(k))) for k in ["T", "Y", "V"]])


if __name__ == "__main__":
    icio()
    wiod2016()
    adb()
    figaro()
    exiobase()
    eora()
    adb_xlsx()
    gloria()
