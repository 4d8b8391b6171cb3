/*
** bm25_idf(): FTS5's bm25() with each phrase's document count given by the caller.
**
** FTS5's own bm25() (fts5_aux.c, fts5Bm25Function) counts the rows each phrase of the query matches, once
** per statement, by walking that phrase's whole posting list (xQueryPhrase), however few rows the statement
** ranks: at one million articles 191 ms for a word in every article. The top-k layer already knows the
** document count of every listed (common) word exactly, so it passes them in:
**
**   bm25_idf(tbl, spec, w0, w1, ...)
**
** spec holds one entry per phrase of the query, in the engine's order, separated by single spaces: either
** "tok+tok=count" (the phrase is those tokens and matches `count` rows) or "-" (count it as bm25() does).
** An entry whose phrase is not those tokens, or a spec with another number of entries than the query
** has phrases, is not used: those phrases are counted as bm25() counts them, so a wrong spec costs time,
** never a different score. w0, w1, ... are the column weights, as bm25()'s trailing arguments.
**
** Everything else is fts5Bm25Function's, in the same order of operations (k1 = 1.2, b = 0.75, the average
** row length from xColumnTotalSize(-1) / xRowCount, the idf floor of 1e-6), so the scores are the same
** doubles. Built by src/store/sqlite/fts5-idf-build.mjs (npm install); loaded by fts5-idf.ts.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

typedef struct IdfData IdfData;
struct IdfData {
  int nPhrase;
  double avgdl;
  double *aIDF;
  double *aFreq;
};

static int countCb(const Fts5ExtensionApi *pApi, Fts5Context *pFts, void *pUserData) {
  (void)pApi;
  (void)pFts;
  (*(sqlite3_int64 *)pUserData)++;
  return SQLITE_OK;
}

/*
** The count spec gives phrase i, or -1. `spec` is walked entry by entry; `aKnown` gets one value per phrase
** (-1 for "count it"); every entry is -1 when the spec does not have exactly nPhrase entries.
*/
static int parseSpec(const Fts5ExtensionApi *pApi, Fts5Context *pFts, const char *spec, int nPhrase,
                     sqlite3_int64 *aKnown) {
  int i;
  int n = 0;
  const char *p = spec;
  for (i = 0; i < nPhrase; i++) aKnown[i] = -1;
  if (spec == 0 || *spec == 0) return SQLITE_OK;
  while (1) {
    const char *end = strchr(p, ' ');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    if (n < nPhrase && eq != 0 && eq > p && pApi->iVersion >= 3) {
      /* The entry's tokens ("tok+tok"), one by one against the phrase's query tokens. */
      int nSize = pApi->xPhraseSize(pFts, n);
      int iTok = 0;
      int same = 1;
      const char *t = p;
      while (same && t <= eq) {
        const char *plus = memchr(t, '+', (size_t)(eq - t));
        const char *stop = plus ? plus : eq;
        const char *tok = 0;
        int nTok = 0;
        int rc;
        if (iTok >= nSize) {
          same = 0;
          break;
        }
        rc = pApi->xQueryToken(pFts, n, iTok, &tok, &nTok);
        if (rc != SQLITE_OK) return rc;
        if (tok == 0 || (size_t)nTok != (size_t)(stop - t) || memcmp(tok, t, (size_t)nTok) != 0) same = 0;
        iTok++;
        t = stop + 1;
      }
      if (same && iTok == nSize) {
        char buf[24];
        size_t nNum = len - (size_t)(eq - p) - 1;
        if (nNum > 0 && nNum < sizeof(buf)) {
          char *stop = 0;
          long long v;
          memcpy(buf, eq + 1, nNum);
          buf[nNum] = 0;
          v = strtoll(buf, &stop, 10);
          if (stop && *stop == 0 && v >= 0) aKnown[n] = (sqlite3_int64)v;
        }
      }
    }
    n++;
    if (!end) break;
    p = end + 1;
  }
  if (n != nPhrase)
    for (i = 0; i < nPhrase; i++) aKnown[i] = -1;
  return SQLITE_OK;
}

/* fts5Bm25GetData, with the counts the spec gives taken as given. */
static int getData(const Fts5ExtensionApi *pApi, Fts5Context *pFts, const char *spec, IdfData **ppData) {
  int rc = SQLITE_OK;
  IdfData *p = (IdfData *)pApi->xGetAuxdata(pFts, 0);
  if (p == 0) {
    int nPhrase = pApi->xPhraseCount(pFts);
    sqlite3_int64 nRow = 0;
    sqlite3_int64 nToken = 0;
    sqlite3_int64 nByte = sizeof(IdfData) + nPhrase * 2 * sizeof(double);
    sqlite3_int64 *aKnown = 0;
    int i;
    p = (IdfData *)sqlite3_malloc64(nByte);
    aKnown = (sqlite3_int64 *)sqlite3_malloc64(sizeof(sqlite3_int64) * (nPhrase > 0 ? nPhrase : 1));
    if (p == 0 || aKnown == 0) {
      rc = SQLITE_NOMEM;
    } else {
      memset(p, 0, (size_t)nByte);
      p->nPhrase = nPhrase;
      p->aIDF = (double *)&p[1];
      p->aFreq = &p->aIDF[nPhrase];
      rc = parseSpec(pApi, pFts, spec, nPhrase, aKnown);
    }
    if (rc == SQLITE_OK) rc = pApi->xRowCount(pFts, &nRow);
    if (rc == SQLITE_OK) rc = pApi->xColumnTotalSize(pFts, -1, &nToken);
    if (rc == SQLITE_OK) p->avgdl = (double)nToken / (double)nRow;
    for (i = 0; rc == SQLITE_OK && i < nPhrase; i++) {
      sqlite3_int64 nHit = aKnown[i];
      if (nHit < 0) {
        nHit = 0;
        rc = pApi->xQueryPhrase(pFts, i, (void *)&nHit, countCb);
      }
      if (rc == SQLITE_OK) {
        double idf = log((nRow - nHit + 0.5) / (nHit + 0.5));
        if (idf <= 0.0) idf = 1e-6;
        p->aIDF[i] = idf;
      }
    }
    sqlite3_free(aKnown);
    if (rc != SQLITE_OK) {
      sqlite3_free(p);
    } else {
      rc = pApi->xSetAuxdata(pFts, p, sqlite3_free);
    }
    if (rc != SQLITE_OK) p = 0;
  }
  *ppData = p;
  return rc;
}

/* fts5Bm25Function, its weights one argument further on (apVal[0] is the spec). */
static void bm25IdfFunction(const Fts5ExtensionApi *pApi, Fts5Context *pFts, sqlite3_context *pCtx, int nVal,
                            sqlite3_value **apVal) {
  const double k1 = 1.2;
  const double b = 0.75;
  int rc;
  double score = 0.0;
  IdfData *pData;
  int i;
  int nInst = 0;
  double D = 0.0;
  double *aFreq = 0;
  const char *spec = nVal > 0 ? (const char *)sqlite3_value_text(apVal[0]) : 0;

  rc = getData(pApi, pFts, spec, &pData);
  if (rc == SQLITE_OK) {
    aFreq = pData->aFreq;
    memset(aFreq, 0, sizeof(double) * pData->nPhrase);
    rc = pApi->xInstCount(pFts, &nInst);
  }
  for (i = 0; rc == SQLITE_OK && i < nInst; i++) {
    int ip;
    int ic;
    int io;
    rc = pApi->xInst(pFts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK) {
      double w = (nVal - 1 > ic) ? sqlite3_value_double(apVal[ic + 1]) : 1.0;
      aFreq[ip] += w;
    }
  }
  if (rc == SQLITE_OK) {
    int nTok;
    rc = pApi->xColumnSize(pFts, -1, &nTok);
    D = (double)nTok;
  }
  if (rc == SQLITE_OK) {
    for (i = 0; i < pData->nPhrase; i++) {
      score += pData->aIDF[i] * ((aFreq[i] * (k1 + 1.0)) / (aFreq[i] + k1 * (1 - b + b * D / pData->avgdl)));
    }
    sqlite3_result_double(pCtx, -1.0 * score);
  } else {
    sqlite3_result_error_code(pCtx, rc);
  }
}

/* The fts5_api of a connection, as the FTS5 documentation gets it ("Extending FTS5"). */
static fts5_api *fts5ApiOf(sqlite3 *db) {
  fts5_api *pRet = 0;
  sqlite3_stmt *pStmt = 0;
  if (sqlite3_prepare(db, "SELECT fts5(?1)", -1, &pStmt, 0) == SQLITE_OK) {
    sqlite3_bind_pointer(pStmt, 1, (void *)&pRet, "fts5_api_ptr", 0);
    sqlite3_step(pStmt);
  }
  sqlite3_finalize(pStmt);
  return pRet;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_fts5idf_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  fts5_api *fts;
  SQLITE_EXTENSION_INIT2(pApi);
  fts = fts5ApiOf(db);
  if (fts == 0 || fts->iVersion < 2) {
    if (pzErrMsg) *pzErrMsg = sqlite3_mprintf("bm25_idf: FTS5 (fts5_api version 2 or later) is not available");
    return SQLITE_ERROR;
  }
  return fts->xCreateFunction(fts, "bm25_idf", 0, bm25IdfFunction, 0);
}
