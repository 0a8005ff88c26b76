//! Stages laid out in a table: a table per priority with the stages as rows (`| Prévention | … |`,
//! a form table's `Actions de prévention` row) or as columns (`| Action | Prévention |
//! Réaction | Suivi |`, with text or ticks in the cells).
//!
//! A row whose first cell names a stage holds that stage's text in its other cells; a header row
//! naming two stages or more makes each such column hold its stage's text. A stage whose cells
//! hold nothing, or only placeholders or a cross-reference, is named but empty. A single column
//! named like a stage is not read as one (`| Action | Pilote | Suivi |` is usually a progress
//! column), and a row or column labelled by a section word (`Indicateurs`, `Budget`,
//! `Partenaires`) is never evidence.

use super::heads::label_stages;
use super::model::ChainModel;
use crate::markdown::{Block, BlockKind};

/// One cell: its block index, row, column.
#[derive(Debug, Clone, Copy)]
struct Cell {
    block: usize,
    row: u16,
    col: u16,
}

/// What a table says of one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finding {
    /// The stage has real text or a tick in the cell at this block.
    Covered(usize),
    /// The stage is named but holds nothing: the block to report it at, and the label's block.
    Empty(usize, usize),
    /// The stage is named over the plan's own monitoring: neither evidence nor empty.
    Monitoring,
}

/// What a table holds: per stage what it found, and the cells that are never evidence.
pub(crate) struct Reading {
    /// (stage, finding).
    pub stages: Vec<(usize, Finding)>,
    /// Block indexes of cells whose text is never evidence (section rows and columns).
    pub silent: Vec<usize>,
    /// Block indexes of cells whose text is a stage's (read here, not again as free text).
    pub stage_cells: Vec<usize>,
}

/// Reads the table whose cells are `blocks[from..to]`.
pub(crate) fn read(blocks: &[Block], from: usize, to: usize, model: &ChainModel) -> Reading {
    let cells: Vec<Cell> = (from..to)
        .filter_map(|i| match blocks[i].kind {
            BlockKind::Cell { row, col } => Some(Cell { block: i, row, col }),
            _ => None,
        })
        .collect();
    let text = |c: &Cell| blocks[c.block].text.as_str();
    let words = &model.words;
    let mut out = Reading {
        stages: Vec::new(),
        silent: Vec::new(),
        stage_cells: Vec::new(),
    };

    // Columns named in the header row.
    let header: Vec<(u16, Vec<usize>)> = cells
        .iter()
        .filter(|c| c.row == 0)
        .map(|c| (c.col, label_stages(model, text(c))))
        .collect();
    let mut named: Vec<usize> = header.iter().flat_map(|(_, s)| s.clone()).collect();
    named.sort_unstable();
    named.dedup();
    // Columns headed by a section word (`Pilote`, `Trekker`, `Partenaires`, `Budget`): never
    // evidence, and never what a stage row holds.
    let side: Vec<u16> = cells
        .iter()
        .filter(|c| c.row == 0 && words.is_section(text(c)))
        .map(|c| c.col)
        .collect();
    out.silent.extend(
        cells
            .iter()
            .filter(|c| side.contains(&c.col))
            .map(|c| c.block),
    );
    if named.len() >= 2 {
        for (col, stages) in header.iter().filter(|(_, s)| !s.is_empty()) {
            let column: Vec<&Cell> = cells.iter().filter(|c| c.col == *col).collect();
            let body: Vec<&Cell> = column.iter().copied().filter(|c| c.row > 0).collect();
            out.stage_cells.extend(column.iter().map(|c| c.block));
            let finding = judge(blocks, &body, column[0], stages, model);
            out.stages
                .extend(stages.iter().map(|&s| (s, finding.clone())));
        }
        return out;
    }

    // Rows named by their first cell; a row whose first cell is blank goes on with the stage
    // above it (a merged cell, flattened).
    let rows = cells.iter().map(|c| c.row).max().map_or(0, |r| r + 1);
    let mut groups: Vec<(Vec<usize>, &Cell, Vec<&Cell>)> = Vec::new();
    let mut open = false;
    for row in 0..rows {
        let line: Vec<&Cell> = cells.iter().filter(|c| c.row == row).collect();
        let Some((label, rest)) = line.split_first() else {
            continue;
        };
        if words.is_section(text(label)) {
            out.silent.extend(line.iter().map(|c| c.block));
            open = false;
            continue;
        }
        if open && text(label).trim().is_empty() {
            if let Some(group) = groups.last_mut() {
                group
                    .2
                    .extend(rest.iter().copied().filter(|c| !side.contains(&c.col)));
                out.stage_cells.extend(line.iter().map(|c| c.block));
            }
            continue;
        }
        let stages = label_stages(model, text(label));
        let rest: Vec<&Cell> = rest
            .iter()
            .copied()
            .filter(|c| !side.contains(&c.col))
            .collect();
        open = !stages.is_empty() && !rest.is_empty();
        if open {
            out.stage_cells.extend(line.iter().map(|c| c.block));
            groups.push((stages, label, rest));
        }
    }
    for (stages, label, body) in groups {
        let finding = judge(blocks, &body, label, &stages, model);
        // The label names the stage (`Nachsorgemaßnahmen`): it is no measure of it. A row of
        // monitoring says nothing of any stage.
        out.silent.push(label.block);
        if matches!(finding, Finding::Monitoring) {
            out.silent.extend(body.iter().map(|c| c.block));
        }
        out.stages
            .extend(stages.iter().map(|&s| (s, finding.clone())));
    }
    out
}

/// Whether `cells`, named by `label` for `stages`, hold the stage.
fn judge(
    blocks: &[Block],
    cells: &[&Cell],
    label: &Cell,
    stages: &[usize],
    model: &ChainModel,
) -> Finding {
    let words = &model.words;
    let text = |c: &Cell| blocks[c.block].text.as_str();
    let real: Vec<&&Cell> = cells
        .iter()
        .filter(|c| {
            let t = text(c);
            blocks[c.block].link || words.is_tick(t) || !model.says_nothing(t)
        })
        .collect();
    if let Some(c) = real.first() {
        let all: Vec<&str> = real.iter().map(|c| text(c)).collect();
        let all = all.join(" ");
        // A follow-up row of reports and indicators is the plan's monitoring: no evidence,
        // but not an empty stage either (reported as missing if nothing else covers it).
        if stages.iter().all(|&s| model.is_monitoring(s, &all, &all)) {
            Finding::Monitoring
        } else {
            Finding::Covered(c.block)
        }
    } else {
        // The first placeholder cell, or the label when every cell is blank.
        let at = cells
            .iter()
            .find(|c| !text(c).trim().is_empty())
            .map_or(label.block, |c| c.block);
        Finding::Empty(at, label.block)
    }
}
