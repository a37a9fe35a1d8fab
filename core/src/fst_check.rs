//! A structural check of untrusted fst bytes, so that reading them cannot panic.
//!
//! The `fst` crate trusts the bytes it is given. `Fst::new` checks the
//! header, and `Fst::verify` a CRC that any writer can forge as easily as the
//! archive's own checksum; but a node whose fields point outside the buffer
//! makes a lookup panic (an index out of range, `unpack_uint`'s assertion, an
//! address that does not fit a 32-bit `usize`), and outputs that add up past
//! `u64::MAX` overflow. An archive fetched at run time must fail to open
//! instead.
//!
//! [`check`] decodes every node with checked arithmetic, in the layout of
//! `fst::raw::node` (format versions 1 to 3), and accepts the bytes only if
//! - the nodes lie back to back between the header and the footer, the root
//!   last, and every byte fst may read for a node lies inside its node,
//! - every transition has a packed size fst can unpack and leads to the
//!   start of an earlier node or to the empty final state (so every walk
//!   ends),
//! - the outputs along no path overflow a `u64`,
//! - the footer's key count is the number of keys (so no stream runs over
//!   more keys than the archive could hold).
//!
//! It runs before `fst::Map::new` sees the bytes, since `Map::new` itself
//! panics on a 32-bit target when the footer holds an address past 4 GiB.

/// The address fst uses for the empty final state (no bytes of its own).
const EMPTY_ADDRESS: usize = 0;
/// Nodes with more transitions than this carry a 256-byte index (version 2+).
const TRANS_INDEX_THRESHOLD: usize = 32;
/// Format version and fst type, two `u64`s before the first node.
const HEADER_LEN: usize = 16;
/// The newest fst format version (the one `fst` 0.4 writes).
const MAX_VERSION: u64 = 3;

/// Checks that `bytes` are an fst that `fst` 0.4 can read without panicking.
/// O(n) in the number of nodes. The error names the first fault found.
pub(crate) fn check(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() < 36 {
        return Err(format!("{} bytes is too short for an fst", bytes.len()));
    }
    let version = read_u64(bytes, 0);
    if version == 0 || version > MAX_VERSION {
        return Err(format!("fst format version {version} is not 1 to 3"));
    }
    // Version 3 ends with a 4-byte checksum after the footer.
    let end = if version <= 2 {
        bytes.len()
    } else {
        bytes.len() - 4
    };
    let footer = end - 16;
    let keys = read_u64(bytes, footer);
    let root = read_u64(bytes, footer + 8);
    usize::try_from(keys).map_err(|_| format!("fst key count {keys} does not fit in memory"))?;
    let root = usize::try_from(root)
        .ok()
        .filter(|&r| r == EMPTY_ADDRESS || r.checked_add(1) == Some(footer))
        .ok_or_else(|| format!("fst root address {root} is not the node before the footer"))?;
    if root == EMPTY_ADDRESS {
        // The empty final state: the empty key alone, and no node bytes.
        return if footer == HEADER_LEN && keys <= 1 {
            Ok(())
        } else {
            Err(format!("an empty fst root with {keys} keys and node bytes"))
        };
    }
    let fst = Layout {
        bytes,
        version,
        footer,
    };

    // fst writes its nodes back to back after the header, the root last:
    // from the root down, each node ends just above the next one's last
    // byte. Every node is decoded (reachable or not), and where each one
    // is marked, for the transitions to be checked against.
    let mut addrs = Vec::new();
    let mut starts = NodeStarts::new(footer);
    let mut addr = root;
    loop {
        let node = fst.node(addr)?;
        addrs.push(addr);
        starts.mark(addr);
        if node.end == HEADER_LEN {
            break;
        }
        addr = node.end - 1;
    }
    starts.count();

    // From each node: the largest output sum to a final state, and how
    // many keys it leads to. Transitions lead to lower addresses, so in
    // ascending order every target is done before the nodes leading to it.
    // Reading the transitions here, not above, costs less than keeping them.
    let mut below: Vec<(u64, u64)> = Vec::with_capacity(addrs.len());
    for &addr in addrs.iter().rev() {
        let (mut most, mut count) = (0u64, 0u64);
        let mut fault = None;
        let node = fst.transitions(addr, |target, out| {
            let (rest, keys) = if target == EMPTY_ADDRESS {
                (0, 1)
            } else if let Some(i) = starts.index_of(target) {
                below.get(i).copied().unwrap_or((0, 0))
            } else {
                fault = Some("a transition leads into the middle of a node");
                return;
            };
            match (out.checked_add(rest), count.checked_add(keys)) {
                (Some(sum), Some(total)) => (most, count) = (most.max(sum), total),
                _ => fault = Some("the outputs or keys after it overflow"),
            }
        })?;
        if let Some(what) = fault {
            return Err(format!("fst node at byte {addr}: {what}"));
        }
        below.push((
            most.max(node.final_output),
            count + u64::from(node.is_final),
        ));
    }
    let found = below.last().map_or(0, |&(_, keys)| keys);
    if found != keys {
        return Err(format!("fst holds {found} keys, its footer says {keys}"));
    }
    Ok(())
}

/// Where an fst's nodes are: one bit per byte, set at each node's last
/// byte, and after [`NodeStarts::count`] a node's number in address order
/// in O(1).
struct NodeStarts {
    bits: Vec<u64>,
    /// How many bits are set before each word of `bits`.
    before: Vec<u32>,
}

impl NodeStarts {
    fn new(bytes: usize) -> NodeStarts {
        NodeStarts {
            bits: vec![0; bytes.div_ceil(64)],
            before: Vec::new(),
        }
    }

    fn mark(&mut self, addr: usize) {
        if let Some(w) = self.bits.get_mut(addr / 64) {
            *w |= 1 << (addr % 64);
        }
    }

    /// Numbers the marked nodes; call once every node is marked.
    fn count(&mut self) {
        let mut total = 0u32;
        self.before = self
            .bits
            .iter()
            .map(|w| {
                let before = total;
                total += w.count_ones();
                before
            })
            .collect();
    }

    /// The number of the node whose last byte is `addr`, in address order;
    /// `None` if no node ends there.
    fn index_of(&self, addr: usize) -> Option<usize> {
        let (word, within) = (addr / 64, addr % 64);
        let w = *self.bits.get(word)?;
        if w & (1 << within) == 0 {
            return None;
        }
        let below = (w & ((1u64 << within) - 1)).count_ones() as usize;
        Some(*self.before.get(word)? as usize + below)
    }
}

/// What [`Layout::node`] found out about a node besides its transitions.
struct Decoded {
    /// The node's lowest byte.
    end: usize,
    is_final: bool,
    final_output: u64,
}

/// The bytes of one fst and what its header and footer say.
struct Layout<'a> {
    bytes: &'a [u8],
    version: u64,
    /// Where the footer starts: nodes lie in `HEADER_LEN..footer`.
    footer: usize,
}

impl Layout<'_> {
    /// Decodes the node whose last byte (its state) is at `addr`: where it
    /// begins and whether it is final.
    fn node(&self, addr: usize) -> Result<Decoded, String> {
        self.decode(addr, false, |_, _| {})
            .ok_or_else(|| format!("fst node at byte {addr} does not fit in its bytes"))
    }

    /// Decodes the node whose last byte is at `addr`, and calls `each` with
    /// every transition's target and output.
    fn transitions(&self, addr: usize, each: impl FnMut(usize, u64)) -> Result<Decoded, String> {
        self.decode(addr, true, each)
            .ok_or_else(|| format!("fst node at byte {addr} has a transition out of its bytes"))
    }

    /// `None` when a field is out of range or a packed size impossible.
    fn decode(
        &self,
        addr: usize,
        transitions: bool,
        mut each: impl FnMut(usize, u64),
    ) -> Option<Decoded> {
        // Moves down from `at` by `n` bytes, staying above the header.
        let down = |at: usize, n: usize| at.checked_sub(n).filter(|&a| a >= HEADER_LEN);
        if !(HEADER_LEN..self.footer).contains(&addr) {
            return None;
        }
        let state = self.bytes[addr];
        let common_input = state & 0b11_1111 != 0;
        let not_final = |end| Decoded {
            end,
            is_final: false,
            final_output: 0,
        };
        match state >> 6 {
            // One transition to the node just before, no output.
            0b11 => {
                let end = down(addr, usize::from(!common_input))?;
                if transitions {
                    each(down(end, 1)?, 0);
                }
                Some(not_final(end))
            }
            // One transition with an output.
            0b10 => {
                let sizes = down(addr, usize::from(!common_input) + 1)?;
                let (tsize, osize) = pack_sizes(self.bytes[sizes]);
                if tsize == 0 || tsize > 8 || osize > 8 {
                    return None;
                }
                let addr_at = down(sizes, tsize)?;
                let end = down(addr_at, osize)?;
                if transitions {
                    each(self.target(end, addr_at, tsize)?, self.uint(end, osize));
                }
                Some(not_final(end))
            }
            // Any number of transitions, maybe final.
            _ => {
                let is_final = state & 0b0100_0000 != 0;
                let in_state = usize::from(state & 0b11_1111);
                let ntrans = match in_state {
                    0 => match self.bytes[down(addr, 1)?] {
                        1 => 256,
                        n => usize::from(n),
                    },
                    n => n,
                };
                let sizes = down(addr, usize::from(in_state == 0) + 1)?;
                let (tsize, osize) = pack_sizes(self.bytes[sizes]);
                if (ntrans > 0 && tsize == 0) || tsize > 8 || osize > 8 {
                    return None;
                }
                let index = if self.version >= 2 && ntrans > TRANS_INDEX_THRESHOLD {
                    256
                } else {
                    0
                };
                // Below the pack sizes: the index, the inputs, the
                // transition addresses, the outputs, the final output.
                let inputs = down(sizes, index)?;
                let addrs = down(inputs, ntrans)?;
                let outputs = down(addrs, ntrans * tsize)?;
                let finals = down(outputs, ntrans * osize)?;
                let end = down(finals, if is_final { osize } else { 0 })?;
                if transitions {
                    for i in 1..=ntrans {
                        let target = self.target(end, addrs - i * tsize, tsize)?;
                        each(target, self.uint(outputs - i * osize, osize));
                    }
                }
                Some(Decoded {
                    end,
                    is_final,
                    final_output: if is_final { self.uint(end, osize) } else { 0 },
                })
            }
        }
    }

    /// The node a transition leads to: `delta` bytes below the node's lowest
    /// byte `end`, or the empty final state for 0. `None` when that would be
    /// inside the header or below the buffer.
    fn target(&self, end: usize, at: usize, tsize: usize) -> Option<usize> {
        let delta = usize::try_from(self.uint(at, tsize)).ok()?;
        if delta == EMPTY_ADDRESS {
            return Some(EMPTY_ADDRESS);
        }
        end.checked_sub(delta).filter(|&t| t >= HEADER_LEN)
    }

    /// A little-endian integer of `n` (at most 8) bytes at `at`, as fst packs
    /// them; 0 when `n` is 0. Callers keep `at + n` inside the node.
    fn uint(&self, at: usize, n: usize) -> u64 {
        let mut word = [0u8; 8];
        if let (Some(bytes), Some(to)) = (self.bytes.get(at..at + n), word.get_mut(..n)) {
            to.copy_from_slice(bytes);
        }
        u64::from_le_bytes(word)
    }
}

/// A node's packed sizes byte: transition address bytes, output bytes.
fn pack_sizes(byte: u8) -> (usize, usize) {
    (usize::from(byte >> 4), usize::from(byte & 0b1111))
}

fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    if let Some(b) = bytes.get(at..at + 8) {
        word.copy_from_slice(b);
    }
    u64::from_le_bytes(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// A map of `n` keys with values that need several output bytes, and
    /// enough keys under one byte that some node gets a transition index.
    fn map_bytes(n: usize) -> Vec<u8> {
        let mut keys: Vec<String> = (0..n)
            .map(|i| format!("{}{}", (b'a' + (i % 40) as u8) as char, i * 7919 % 1000))
            .collect();
        keys.sort();
        keys.dedup();
        let mut b = MapBuilder::memory();
        for (i, k) in keys.iter().enumerate() {
            b.insert(k, (i as u64) << (i % 50)).expect("sorted keys");
        }
        b.into_inner().expect("built")
    }

    /// Everything grill does with a dictionary: lookups, a full stream, a
    /// prefix search, a range and walking every transition by hand.
    fn read_all(bytes: &[u8]) -> usize {
        let Ok(map) = Map::new(bytes) else { return 0 };
        let mut n = 0;
        let mut all = map.stream();
        while let Some((k, v)) = all.next() {
            n += usize::from(map.get(k) == Some(v));
        }
        let prefix = fst::automaton::Str::new("b").starts_with();
        n += map.search(prefix).into_stream().into_byte_keys().len();
        n += map
            .range()
            .ge("c")
            .lt("k")
            .into_stream()
            .into_values()
            .len();
        let fst = map.as_fst();
        let mut stack = vec![fst.root().addr()];
        while let Some(addr) = stack.pop() {
            let node = fst.node(addr);
            for t in node.transitions() {
                n += usize::from(node.find_input(t.inp).is_some());
                stack.push(t.addr);
            }
        }
        n
    }

    #[test]
    fn the_fsts_fst_writes_pass() {
        for n in [0, 1, 2, 40, 700, 5000] {
            let bytes = map_bytes(n);
            assert_eq!(check(&bytes), Ok(()), "{n} keys");
            read_all(&bytes);
        }
    }

    #[cfg(feature = "compile")]
    #[test]
    fn the_seed_dictionaries_pass() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"));
        let corpus = crate::compile::compile_dir(dir).expect("the seed corpus compiles");
        let bytes = corpus.archive().expect("it serialises");
        let kb = crate::KnowledgeBase::from_bytes(&bytes).expect("it opens");
        let index = &kb.corpus().index;
        for bytes in [&index.terms, &index.surfaces, &index.synonyms] {
            assert_eq!(check(bytes.as_slice()), Ok(()));
        }
    }

    /// Every single-byte change of a small map, each to several values:
    /// whatever `check` accepts reads without a panic, and some of what it
    /// refuses would have panicked.
    #[test]
    fn what_passes_reads_without_panicking() {
        let good = map_bytes(60);
        let (mut accepted, mut refused, mut would_panic) = (0, 0, 0);
        // The panics caught below are expected: keep them out of the output
        // (this thread's only; other tests' panics are still reported).
        let me = std::thread::current().id();
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().id() != me {
                report(info);
            }
        }));
        for at in 0..good.len() {
            for value in [0u8, 1, 0x0f, 0x11, 0x3f, 0x80, 0xc0, 0xff, good[at] ^ 0x40] {
                let mut bytes = good.clone();
                bytes[at] = value;
                if check(&bytes).is_ok() {
                    accepted += 1;
                    read_all(&bytes);
                } else {
                    refused += 1;
                    let read = catch_unwind(AssertUnwindSafe(|| read_all(&bytes)));
                    would_panic += usize::from(read.is_err());
                }
            }
        }
        // Back to the standard hook.
        drop(std::panic::take_hook());
        assert!(accepted > 0 && refused > 0);
        assert!(would_panic > 0, "no refused change would have panicked");
    }

    /// Random changes of one to four bytes anywhere in a map large enough
    /// to have indexed nodes and multi-byte addresses.
    #[test]
    fn random_damage_never_panics_a_reader() {
        let good = map_bytes(3000);
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            // xorshift64*: deterministic, no dependency.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let mut accepted = 0;
        for _ in 0..3000 {
            let mut bytes = good.clone();
            for _ in 0..=next() % 4 {
                let at = (next() % bytes.len() as u64) as usize;
                bytes[at] = next() as u8;
            }
            if check(&bytes).is_ok() {
                accepted += 1;
                read_all(&bytes);
            }
        }
        assert!(accepted > 0);
    }

    /// Damage inside an archive's dictionaries, with the archive checksum
    /// made right again: the archive fails to open, or opens and searches.
    #[cfg(feature = "compile")]
    #[test]
    fn damaged_dictionaries_in_an_archive_refuse_to_open_or_read_safely() {
        use crate::archive::{checksum, HEADER_LEN};
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"));
        let good = crate::compile::compile_dir(dir)
            .expect("the seed corpus compiles")
            .archive()
            .expect("it serialises");
        let kb = crate::KnowledgeBase::from_bytes(&good).expect("it opens");
        let index = &kb.corpus().index;
        let regions: Vec<std::ops::Range<usize>> = [&index.terms, &index.surfaces, &index.synonyms]
            .iter()
            .map(|d| {
                let start = d.as_ptr() as usize - good.as_ptr() as usize;
                start..start + d.len()
            })
            .collect();
        let (mut opened, mut refused) = (0, 0);
        for region in regions {
            // Spread over the nodes, and every byte of the root node and footer.
            let spread = region.clone().step_by(region.len() / 150 + 1);
            for (i, at) in spread.chain(region.end - 48..region.end).enumerate() {
                let mut bad = good.clone();
                bad[at] ^= [0x01, 0x10, 0x80, 0xff][i % 4];
                let sum = checksum(&bad[HEADER_LEN..]);
                bad[24..32].copy_from_slice(&sum.to_le_bytes());
                match crate::KnowledgeBase::from_bytes(&bad) {
                    Ok(kb) => {
                        opened += 1;
                        for query in [
                            "kafka exactly once",
                            "elasticsaerch reindx",
                            "k8s",
                            "replicat",
                        ] {
                            let _ = kb.search(query, &crate::SearchOptions::default());
                        }
                    }
                    Err(crate::Error::Corrupt { .. }) => refused += 1,
                    Err(other) => panic!("byte {at}: {other}"),
                }
            }
        }
        assert!(
            opened > 0 && refused > 0,
            "opened {opened}, refused {refused}"
        );
    }

    #[test]
    fn refuses_roots_and_transitions_out_of_range() {
        let good = map_bytes(40);
        let footer = good.len() - 20;
        let mut far_root = good.clone();
        far_root[footer + 8..footer + 16].copy_from_slice(&(u64::MAX - 3).to_le_bytes());
        assert!(check(&far_root).unwrap_err().contains("root address"));
        // The largest address: one past it would overflow.
        far_root[footer + 8..footer + 16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(check(&far_root).unwrap_err().contains("root address"));
        let mut huge_count = good.clone();
        huge_count[footer..footer + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        if usize::BITS < 64 {
            assert!(check(&huge_count).is_err());
        }
        assert!(check(&good[..20]).is_err());
        let mut version = good;
        version[0] = 9;
        assert!(check(&version).unwrap_err().contains("version 9"));
    }
}
