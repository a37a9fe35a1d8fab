//! The encoder: candle's BERT over a batch of token ids, then
//! sentence-transformers' mean pooling over the attention mask and L2
//! normalisation.

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use grill_core::Error;

use crate::folder::{model_error, CONFIG, WEIGHTS};

/// A loaded BERT encoder on the CPU.
pub(crate) struct Encoder {
    model: BertModel,
    device: Device,
    /// Width of the hidden states, and so of the vectors.
    pub hidden_size: usize,
    /// Most positions the model has embeddings for.
    pub max_positions: usize,
}

/// Parses `config.json` and checks that it describes a BERT model.
pub(crate) fn config(bytes: &[u8]) -> Result<Config, Error> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| model_error(format!("{CONFIG} is not valid JSON: {e}")))?;
    match value.get("model_type").and_then(|t| t.as_str()) {
        Some("bert") => {}
        Some(other) => {
            return Err(model_error(format!(
                "{CONFIG} describes a {other:?} model: grill reads BERT models \
                 (model_type \"bert\", such as all-MiniLM-L6-v2)"
            )))
        }
        None => {
            return Err(model_error(format!(
                "{CONFIG} has no model_type: grill reads BERT models (model_type \"bert\")"
            )))
        }
    }
    let config: Config = serde_json::from_value(value)
        .map_err(|e| model_error(format!("{CONFIG} is not a BERT configuration: {e}")))?;
    if config.hidden_size == 0
        || config.num_attention_heads == 0
        || config.hidden_size % config.num_attention_heads != 0
    {
        return Err(model_error(format!(
            "{CONFIG}: hidden_size {} is not a positive multiple of num_attention_heads {}",
            config.hidden_size, config.num_attention_heads
        )));
    }
    Ok(config)
}

impl Encoder {
    /// Builds the model from `config` and the safetensors bytes `weights`,
    /// checking every tensor's shape against the configuration.
    pub(crate) fn load(config: &Config, weights: &[u8]) -> Result<Encoder, Error> {
        let device = Device::Cpu;
        let bad_weights = |e: candle_core::Error| {
            model_error(format!(
                "{WEIGHTS} does not hold the weights {CONFIG} describes \
                 (truncated, not safetensors, or another model's): {}",
                first_line(&e)
            ))
        };
        let vb = VarBuilder::from_slice_safetensors(weights, DType::F32, &device)
            .map_err(bad_weights)?;
        let model = BertModel::load(vb, config).map_err(bad_weights)?;
        Ok(Encoder {
            model,
            device,
            hidden_size: config.hidden_size,
            max_positions: config.max_position_embeddings,
        })
    }

    /// One unit vector per sequence of ids, in the order given. The
    /// sequences are padded to the longest; each must be non-empty.
    pub(crate) fn embed(&self, batch: &[Vec<u32>]) -> Result<Vec<Vec<f32>>, Error> {
        self.forward(batch)
            .map_err(|e| model_error(format!("the model failed on a text: {}", first_line(&e))))
    }

    fn forward(&self, batch: &[Vec<u32>]) -> candle_core::Result<Vec<Vec<f32>>> {
        let rows = batch.len();
        let len = batch.iter().map(Vec::len).max().unwrap_or(0);
        if rows == 0 || len == 0 {
            return Ok(Vec::new());
        }
        let mut ids = vec![0u32; rows * len];
        let mut mask = vec![0f32; rows * len];
        for (row, seq) in batch.iter().enumerate() {
            ids[row * len..row * len + seq.len()].copy_from_slice(seq);
            mask[row * len..row * len + seq.len()].fill(1.0);
        }
        let ids = Tensor::from_vec(ids, (rows, len), &self.device)?;
        let types = ids.zeros_like()?;
        let mask = Tensor::from_vec(mask, (rows, len), &self.device)?;
        // (rows, len, hidden)
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        // Mean over the real tokens: sum(hidden * mask) / max(sum(mask), 1e-9).
        let weights = mask.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&weights)?.sum(1)?;
        let counts = weights.sum(1)?.clamp(1e-9f32, f32::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        // L2 normalisation: x / max(|x|, 1e-12), as torch's F.normalize.
        let norms = mean
            .sqr()?
            .sum_keepdim(1)?
            .sqrt()?
            .clamp(1e-12f32, f32::MAX)?;
        mean.broadcast_div(&norms)?.to_vec2::<f32>()
    }
}

/// The first line of an error, without candle's backtrace.
fn first_line(e: &candle_core::Error) -> String {
    let text = e.to_string();
    text.lines().next().unwrap_or("").to_string()
}
