// From the team handbook (../shared/tools/nfq_netem.c), kept here so a fresh clone builds it.
// nfq_netem: userspace stand-in for `tc qdisc ... netem loss L% delay D J`
// (this kernel has CONFIG_NET_SCH_NETEM unset). Packets are steered here with
//   iptables -A OUTPUT -o lo -j NFQUEUE --queue-num 0 --queue-bypass
// Each packet: dropped with probability L, else accepted after D +/- J ms
// (uniform, like netem without a distribution table; so packets can reorder).
// Usage: nfq_netem QUEUE LOSS_PCT DELAY_MS JITTER_MS LIFETIME_S
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>

#define MAXQ 65536
typedef struct { uint64_t due; uint32_t id; } item;
static item heap[MAXQ];
static int hn = 0;
static double loss, delay_ms, jitter_ms;
static uint64_t seen, dropped, delayed, maxdepth;
static volatile sig_atomic_t stop_flag = 0;

static uint64_t now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec; }
static void hpush(item x) { int i = hn++; heap[i] = x; while (i && heap[(i - 1) / 2].due > heap[i].due) { item t = heap[i]; heap[i] = heap[(i - 1) / 2]; heap[(i - 1) / 2] = t; i = (i - 1) / 2; } }
static item hpop(void) { item r = heap[0]; heap[0] = heap[--hn]; int i = 0; for (;;) { int l = 2 * i + 1, s = i; if (l < hn && heap[l].due < heap[s].due) s = l; if (l + 1 < hn && heap[l + 1].due < heap[s].due) s = l + 1; if (s == i) break; item t = heap[i]; heap[i] = heap[s]; heap[s] = t; i = s; } return r; }
static double urand(void) { return (double)random() / ((double)RAND_MAX + 1.0); }

static int cb(struct nfq_q_handle *qh, struct nfgenmsg *m, struct nfq_data *nfa, void *d) {
  (void)m; (void)d;
  struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
  uint32_t id = ntohl(ph->packet_id);
  seen++;
  if (urand() * 100.0 < loss) { dropped++; return nfq_set_verdict(qh, id, NF_DROP, 0, NULL); }
  double ms = delay_ms + (jitter_ms > 0 ? (urand() * 2.0 - 1.0) * jitter_ms : 0);
  if (ms <= 0 || hn >= MAXQ) return nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL);
  hpush((item){ now_ns() + (uint64_t)(ms * 1e6), id });
  delayed++;
  if ((uint64_t)hn > maxdepth) maxdepth = hn;
  return 0;
}

static void on_sig(int s) { (void)s; stop_flag = 1; }

int main(int argc, char **argv) {
  if (argc < 6) { fprintf(stderr, "usage: %s QUEUE LOSS_PCT DELAY_MS JITTER_MS LIFETIME_S\n", argv[0]); return 2; }
  int qnum = atoi(argv[1]); loss = atof(argv[2]); delay_ms = atof(argv[3]); jitter_ms = atof(argv[4]);
  double lifetime = atof(argv[5]);
  srandom((unsigned)now_ns());
  signal(SIGTERM, on_sig); signal(SIGINT, on_sig);
  struct nfq_handle *h = nfq_open();
  if (!h) { perror("nfq_open"); return 1; }
  struct nfq_q_handle *qh = nfq_create_queue(h, qnum, &cb, NULL);
  if (!qh) { perror("nfq_create_queue"); return 1; }
  if (nfq_set_mode(qh, NFQNL_COPY_META, 0) < 0) { perror("nfq_set_mode"); return 1; }
  nfq_set_queue_maxlen(qh, 16384);
  nfq_set_queue_flags(qh, NFQA_CFG_F_FAIL_OPEN, NFQA_CFG_F_FAIL_OPEN);
  nfnl_rcvbufsiz(nfq_nfnlh(h), 8 * 1024 * 1024);
  int fd = nfq_fd(h);
  char buf[65536];
  uint64_t end = now_ns() + (uint64_t)(lifetime * 1e9);
  fprintf(stderr, "nfq_netem: queue=%d loss=%.2f%% delay=%.1fms jitter=%.1fms lifetime=%.0fs\n", qnum, loss, delay_ms, jitter_ms, lifetime);
  while (!stop_flag && now_ns() < end) {
    uint64_t t = now_ns();
    while (hn && heap[0].due <= t) { item x = hpop(); nfq_set_verdict(qh, x.id, NF_ACCEPT, 0, NULL); }
    int timeout = 100;
    if (hn) { uint64_t w = heap[0].due > t ? (heap[0].due - t) / 1000000ull : 0; timeout = (int)(w < 100 ? w : 100); }
    struct pollfd p = { fd, POLLIN, 0 };
    int r = poll(&p, 1, timeout);
    if (r > 0) {
      for (;;) {
        int n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n <= 0) { if (n < 0 && errno == ENOBUFS) fprintf(stderr, "nfq_netem: ENOBUFS (packets lost by kernel)\n"); break; }
        nfq_handle_packet(h, buf, n);
      }
    }
  }
  while (hn) { item x = hpop(); nfq_set_verdict(qh, x.id, NF_ACCEPT, 0, NULL); }
  fprintf(stderr, "nfq_netem: seen=%llu dropped=%llu (%.2f%%) delayed=%llu maxdepth=%llu\n", (unsigned long long)seen, (unsigned long long)dropped, seen ? 100.0 * dropped / seen : 0.0, (unsigned long long)delayed, (unsigned long long)maxdepth);
  nfq_destroy_queue(qh); nfq_close(h);
  return 0;
}
