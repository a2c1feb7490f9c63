#!/usr/bin/env python3
"""Quick feature-set exploration with scikit-learn on a `ser features` CSV, on the
protocols of ../shared/data/README.md (r4: RAVDESS-4 random 80/20, seeds 0-4,
sklearn splits, not ser's; r8: RAVDESS-8 actor folds 1-4,...; emo: EmoDB LOSO).
SVC grid C x gamma (inner StratifiedKFold(5)) or a 300-tree forest; --norm 1
standardises each speaker over its own rows (ser --speaker-norm); --cols/--drop
keep/remove columns by regex.  Used to choose the set in docs/results.md; the
reported figures come from `ser evaluate`.  Run with /usr/bin/python3.
Example: /usr/bin/python3 bench/sklearn_protocols.py emodb_full.csv emo --norm 1"""
import sys, numpy as np, argparse, time, csv, re
from sklearn.svm import SVC
from sklearn.ensemble import RandomForestClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split, RandomizedSearchCV
from sklearn.metrics import balanced_accuracy_score, accuracy_score
ap = argparse.ArgumentParser()
ap.add_argument('csv'); ap.add_argument('proto')
ap.add_argument('--kind', default='svm'); ap.add_argument('--norm', type=int, default=0)
ap.add_argument('--score', default='accuracy'); ap.add_argument('--cw', default=None)
ap.add_argument('--cols', default=None, help='regex of columns to keep')
ap.add_argument('--drop', default=None)
ap.add_argument('--wide', type=int, default=0)
ap.add_argument('--log', default=None, help='regex of columns to log10(x+1e-10)')
a = ap.parse_args()
rows = list(csv.reader(open(a.csv))); hdr = rows[0]; rows = rows[1:]
allf = hdr[4:]
keep = [j for j,c in enumerate(allf) if (not a.cols or re.search(a.cols,c)) and (not a.drop or not re.search(a.drop,c))]
feat = [allf[j] for j in keep]
if a.proto == 'r4': rows = [r for r in rows if r[1] in ('neutral','happy','sad','angry')]
X = np.array([[float(r[4+j]) for j in keep] for r in rows]); y = np.array([r[1] for r in rows]); spk = np.array([r[2] for r in rows])
if a.log:
    for j,c in enumerate(feat):
        if re.search(a.log, c): X[:,j] = np.log10(np.maximum(X[:,j],0)+1e-10)
if a.norm:
    for s in np.unique(spk):
        m = spk==s; mu = X[m].mean(0); sd = X[m].std(0); sd[sd==0]=1; X[m]=(X[m]-mu)/sd
if a.proto == 'r4':
    splits = []
    for seed in range(5):
        tr, te = train_test_split(np.arange(len(y)), test_size=0.2, stratify=y, random_state=seed); splits.append((tr,te))
elif a.proto == 'r8':
    act = np.array([int(s.split(":")[-1]) for s in spk]); g = (act-1)//4
    splits = [(np.where(g!=k)[0], np.where(g==k)[0]) for k in range(6)]
else:
    splits = [(np.where(spk!=s)[0], np.where(spk==s)[0]) for s in np.unique(spk)]
score = 'balanced_accuracy' if a.score=='uar' else 'accuracy'
accs=[];uars=[]; t0=time.time(); params=[]
for tr,te in splits:
    if a.kind=='svm':
        Cs=[0.1,1,10,100]; gs=['scale',0.001,0.01,0.1]
        if a.wide: Cs=[0.3,1,3,10,30,100]; gs=['scale',0.0003,0.001,0.003,0.01]
        m = GridSearchCV(make_pipeline(StandardScaler(), SVC(class_weight=a.cw)), {'svc__C':Cs,'svc__gamma':gs},
            cv=StratifiedKFold(5, shuffle=True, random_state=0), scoring=score, n_jobs=2)
    elif a.kind=='lin':
        from sklearn.linear_model import LogisticRegression
        m = GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000, class_weight=a.cw)), {'logisticregression__C':[0.001,0.01,0.1,1]},
            cv=StratifiedKFold(5, shuffle=True, random_state=0), scoring=score, n_jobs=2)
    else:
        m = RandomForestClassifier(n_estimators=300, max_features='sqrt', n_jobs=2, random_state=0, class_weight=a.cw)
    m.fit(X[tr], y[tr]); p = m.predict(X[te])
    accs.append(accuracy_score(y[te],p)); uars.append(balanced_accuracy_score(y[te],p))
    if hasattr(m,'best_params_'): params.append(tuple(m.best_params_.values()))
print(f"{a.proto} {a.kind} norm={a.norm} d={len(feat)} acc {np.mean(accs):.3f}+-{np.std(accs):.3f} uar {np.mean(uars):.3f}+-{np.std(uars):.3f} [{time.time()-t0:.0f}s] {a.cols or ''} {a.drop or ''} {params}", flush=True)
