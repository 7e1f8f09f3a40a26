#!/usr/bin/env python3
"""Compare two search runs by nDCG@10 against the judgement lists.

A run file is JSON: {"<query>": ["doc_id", ...ranked], ...}.
Judgements are CSV files relevance/judgements/*.csv with columns query,doc_id,grade[,class].
"""
import argparse
import csv
import glob
import json
import math
from collections import defaultdict


def load_judgements(pattern):
    grades, classes = defaultdict(dict), {}
    for path in glob.glob(pattern):
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                grades[row["query"]][row["doc_id"]] = int(row["grade"])
                classes[row["query"]] = row.get("class") or "unclassified"
    return grades, classes


def ndcg_at_k(ranked, judged, k=10):
    dcg = sum((2 ** judged.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(judged.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def score(run, grades, classes):
    per_class = defaultdict(list)
    for query, judged in grades.items():
        per_class[classes[query]].append(ndcg_at_k(run.get(query, []), judged))
    overall = [s for scores in per_class.values() for s in scores]
    return sum(overall) / len(overall), {c: sum(s) / len(s) for c, s in per_class.items()}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--baseline", required=True)
    p.add_argument("--candidate", required=True)
    p.add_argument("--judgements", default="relevance/judgements/*.csv")
    args = p.parse_args()

    grades, classes = load_judgements(args.judgements)
    with open(args.baseline) as f:
        base_mean, base_cls = score(json.load(f), grades, classes)
    with open(args.candidate) as f:
        cand_mean, cand_cls = score(json.load(f), grades, classes)

    print(f"mean nDCG@10  baseline {base_mean:.4f}  candidate {cand_mean:.4f}  delta {cand_mean - base_mean:+.4f}")
    for c in sorted(base_cls):
        print(f"  {c:<14} {base_cls[c]:.4f} -> {cand_cls.get(c, 0):.4f}  ({cand_cls.get(c, 0) - base_cls[c]:+.4f})")


if __name__ == "__main__":
    main()
