"""oracle_score.py SHOP.csv T W ORACLE.json : score {hh: [products]} lists with evaluate's protocol (common.py)."""
import sys, json
from common import *
hist = load(sys.argv[1]); T, W = int(sys.argv[2]), int(sys.argv[3])
past, truth = split(hist, T, W)
lists = {int(k): v for k, v in json.load(open(sys.argv[4])).items()}
report("oracle", lists, truth)
report("personal_top(check)", personal_top(past), truth)
