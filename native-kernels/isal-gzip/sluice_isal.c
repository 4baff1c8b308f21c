/*
 * sluice_isal: the few calls a .NET Stream needs from ISA-L's igzip (Debian libisal-dev 2.30), with opaque handles
 * so the managed side never mirrors ISA-L's structs. Built by the Makefile's `native` target into
 * build/native/libsluice_isal.so; the managed twin is System.IO.Compression (see native-kernels/README.md).
 *
 * Inflate reads one gzip member per reset: ISA-L parses the header and checks the trailer's CRC-32 and length
 * (ISAL_GZIP); the caller finds member boundaries, truncation and trailing garbage from the phase reported.
 */
#include <stdint.h>
#include <stdlib.h>
#include <isa-l/igzip_lib.h>

#define SLUICE_EXPORT __attribute__((visibility("default")))

/* Phases reported to the caller after each inflate call. */
enum { PHASE_HEADER = 0, PHASE_BODY = 1, PHASE_TRAILER = 2, PHASE_DONE = 3 };

SLUICE_EXPORT int sluice_isal_version(void) { return 1; }

SLUICE_EXPORT struct inflate_state *sluice_isal_inflate_new(void)
{
	struct inflate_state *s = malloc(sizeof *s);
	if (s != NULL) {
		isal_inflate_init(s);
		s->crc_flag = ISAL_GZIP;
	}
	return s;
}

/* Starts a new member. */
SLUICE_EXPORT void sluice_isal_inflate_reset(struct inflate_state *s)
{
	isal_inflate_reset(s);
	s->crc_flag = ISAL_GZIP;
}

static int phase_of(const struct inflate_state *s, uint64_t total_out)
{
	switch (s->block_state) {
	case ISAL_BLOCK_FINISH:
		return PHASE_DONE;
	case ISAL_CHECKSUM_CHECK:
	case ISAL_BLOCK_INPUT_DONE:
		return PHASE_TRAILER;
	case ISAL_GZIP_EXTRA_LEN:
	case ISAL_GZIP_EXTRA:
	case ISAL_GZIP_NAME:
	case ISAL_GZIP_COMMENT:
	case ISAL_GZIP_HCRC:
		return PHASE_HEADER;
	default:
		/* Before the first deflate block the state is NEW_HDR with nothing out and the wrapper not yet read. */
		return (s->block_state == ISAL_BLOCK_NEW_HDR && total_out == 0 && s->wrapper_flag == 0) ? PHASE_HEADER : PHASE_BODY;
	}
}

/*
 * Inflates from in[0..in_len) into out[0..out_len). Returns ISA-L's status (0 or 1 fine, negative = damage);
 * *in_used and *out_written say what moved, *phase where the member stands. After PHASE_DONE, in[*in_used..] is
 * what follows the member's trailer.
 */
SLUICE_EXPORT int sluice_isal_inflate(struct inflate_state *s, const uint8_t *in, uint32_t in_len, uint32_t *in_used,
				      uint8_t *out, uint32_t out_len, uint32_t *out_written, int32_t *phase)
{
	s->next_in = (uint8_t *)in;
	s->avail_in = in_len;
	s->next_out = out;
	s->avail_out = out_len;
	int ret = isal_inflate(s);
	*in_used = in_len - s->avail_in;
	*out_written = out_len - s->avail_out;
	*phase = phase_of(s, s->total_out);
	return ret;
}

SLUICE_EXPORT void sluice_isal_inflate_free(struct inflate_state *s) { free(s); }

struct sluice_deflater {
	struct isal_zstream z;
	uint8_t *level_buf;
};

/* A gzip writer at ISA-L level 1, 2 or 3 (0 is ISA-L's static-Huffman level); NULL on a bad level or no memory. */
SLUICE_EXPORT struct sluice_deflater *sluice_isal_deflate_new(int32_t level)
{
	static const uint32_t sizes[] = { ISAL_DEF_LVL0_DEFAULT, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT, ISAL_DEF_LVL3_DEFAULT };
	if (level < 0 || level > ISAL_DEF_MAX_LEVEL)
		return NULL;
	struct sluice_deflater *d = calloc(1, sizeof *d);
	if (d == NULL)
		return NULL;
	d->level_buf = malloc(sizes[level]);
	if (d->level_buf == NULL) {
		free(d);
		return NULL;
	}
	isal_deflate_init(&d->z);
	d->z.level = (uint32_t)level;
	d->z.level_buf = d->level_buf;
	d->z.level_buf_size = sizes[level];
	d->z.gzip_flag = IGZIP_GZIP;
	return d;
}

/*
 * Compresses in[0..in_len) into out[0..out_len). mode 0 compresses, 1 also ends the current block on a byte
 * boundary (a sync flush: everything given so far can be inflated), 2 ends the stream (final block and trailer)
 * once all input is taken. Returns ISA-L's status (0 = fine); *done is 1 once the trailer is fully written.
 */
SLUICE_EXPORT int sluice_isal_deflate(struct sluice_deflater *d, const uint8_t *in, uint32_t in_len, uint32_t *in_used,
				      uint8_t *out, uint32_t out_len, uint32_t *out_written, int32_t mode, int32_t *done)
{
	struct isal_zstream *z = &d->z;
	z->next_in = (uint8_t *)in;
	z->avail_in = in_len;
	z->next_out = out;
	z->avail_out = out_len;
	z->end_of_stream = mode == 2;
	z->flush = mode == 1 ? SYNC_FLUSH : NO_FLUSH;
	int ret = isal_deflate(z);
	*in_used = in_len - z->avail_in;
	*out_written = out_len - z->avail_out;
	*done = z->internal_state.state == ZSTATE_END;
	return ret;
}

SLUICE_EXPORT void sluice_isal_deflate_free(struct sluice_deflater *d)
{
	if (d != NULL) {
		free(d->level_buf);
		free(d);
	}
}
