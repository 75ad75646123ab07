#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets that do not take a fixture file as it is
(tests/fuzz/README.md): the multi-file readers' inputs (a first byte picking the file of the
staged fixture, then its content), the CP2015 matrices (a first byte picking the shape), the
INI files with their shocks CSV, and a gzipped wide CSV. Rerun after changing a fixture.
"""
import gzip
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FORMATS = os.path.join(ROOT, "tests", "data", "formats")


def files_of(folder):
    """The fixture's files as the target stages them: relative paths, sorted."""
    out = []
    for base, _, names in os.walk(folder):
        for name in names:
            out.append(os.path.relpath(os.path.join(base, name), folder))
    return sorted(out, key=lambda p: p.encode())


def fresh(name):
    path = os.path.join(HERE, "seeds", name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def folder_seeds(name, first, second=None, flags=(0,)):
    out = fresh(name)
    for fixture, bit in ((first, 0), (second, 0x40)):
        if fixture is None:
            continue
        folder = os.path.join(FORMATS, fixture)
        for k, rel in enumerate(files_of(folder)):
            with open(os.path.join(folder, rel), "rb") as f:
                content = f.read()
            for flag in flags:
                selector = bytes([k | bit | flag])
                stem = rel.replace("/", "_") + ("" if flag == 0 else "_option")
                write(os.path.join(out, f"{bit >> 6}-{stem}"), selector + content)


def cp2015_seeds():
    out = fresh("cp2015")
    names = ["xbilat1993.txt", "tariffs1993.txt", "tariffs2005.txt", "IO.txt", "B.txt", "GO.txt", "T.txt"]
    for k, name in enumerate(names):
        with open(os.path.join(ROOT, "tests", "data", "cp2015", name), "rb") as f:
            lines = f.read().splitlines(keepends=True)
        # The small files whole; the large ones' first lines (a shape error, still parsed).
        content = b"".join(lines if len(lines) <= 40 else lines[:12])
        write(os.path.join(out, name), bytes([k]) + content)


def config_seeds():
    out = fresh("config")
    configs = os.path.join(ROOT, "configs")
    for name in sorted(os.listdir(configs)):
        if name.endswith(".ini"):
            shutil.copy(os.path.join(configs, name), os.path.join(out, name))
    with open(os.path.join(configs, "shock_examples.ini"), "rb") as f:
        ini = f.read()
    with open(os.path.join(configs, "shock_demand_example.csv"), "rb") as f:
        csv = f.read()
    write(os.path.join(out, "shock_examples_with_csv.ini"), ini + b"#### shocks.csv\n" + csv)


def gzip_seeds():
    out = fresh("wide_csv_gz")
    with open(os.path.join(ROOT, "tests", "data", "leather", "leather.csv"), "rb") as f:
        data = f.read()
    write(os.path.join(out, "leather.csv.gz"), gzip.compress(data, mtime=0))


if __name__ == "__main__":
    folder_seeds("exiobase3", "exiobase3/3.8.1/IOT_2019_ixi", "exiobase3/3.4/IOT_2011_ixi", flags=(0, 0x80))
    folder_seeds("eora26", "eora26/Eora26_2015_bp", "eora26/zipped")
    folder_seeds("gloria", "gloria", None, flags=(0, 0x80))
    cp2015_seeds()
    config_seeds()
    gzip_seeds()
