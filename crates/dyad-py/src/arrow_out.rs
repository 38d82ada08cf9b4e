//! Events as one Arrow record batch: one row per event, the fields of
//! `docs/schema.md`, actors as `list<struct<text, code, country, sector,
//! span>>`, location, plover and evidence as structs.
//!
//! Types are the ones Spark maps without loss (signed integers, `utf8`,
//! `list`, `struct`): the same batch must go through `mapInArrow` unchanged,
//! and Spark has no unsigned or fixed-size-list types. `SPARK_SCHEMA` in
//! `python/dyad/__init__.py` is this schema in Spark's DDL; the two change
//! together.

use arrow::array::{
    ArrayRef, Float32Builder, Float64Builder, Int32Builder, Int64Builder, Int8Builder, ListArray, ListBuilder,
    RecordBatch, StringBuilder, StructArray,
};
use arrow::buffer::{NullBuffer, OffsetBuffer};
use arrow::datatypes::{DataType, Field, Fields, Schema};
use arrow::error::ArrowError;
use dyad_events::{Actor, Event};
use std::sync::Arc;

fn span_type() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Int32, false)))
}

fn actor_fields() -> Fields {
    Fields::from(vec![
        Field::new("text", DataType::Utf8, false),
        Field::new("code", DataType::Utf8, false),
        Field::new("country", DataType::Utf8, true),
        Field::new("sector", DataType::Utf8, true),
        Field::new("span", span_type(), false),
    ])
}

fn actor_list_type() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Struct(actor_fields()), false)))
}

fn plover_fields() -> Fields {
    Fields::from(vec![Field::new("event", DataType::Utf8, true), Field::new("mode", DataType::Utf8, true)])
}

fn location_fields() -> Fields {
    Fields::from(vec![
        Field::new("text", DataType::Utf8, false),
        Field::new("name", DataType::Utf8, false),
        Field::new("country", DataType::Utf8, true),
        Field::new("admin1", DataType::Utf8, true),
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        Field::new("geonames_id", DataType::Int64, true),
        Field::new("id", DataType::Utf8, true),
    ])
}

fn evidence_fields() -> Fields {
    Fields::from(vec![Field::new("verb_span", span_type(), false), Field::new("rule", DataType::Utf8, false)])
}

/// The schema of `code_batch`'s output.
pub fn schema() -> Arc<Schema> {
    Arc::new(Schema::new(vec![
        Field::new("doc_id", DataType::Utf8, false),
        Field::new("sentence", DataType::Int32, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("source", actor_list_type(), false),
        Field::new("target", actor_list_type(), false),
        Field::new("cameo", DataType::Utf8, false),
        Field::new("cameo_root", DataType::Utf8, false),
        Field::new("quad_class", DataType::Int8, false),
        Field::new("goldstein", DataType::Float32, false),
        Field::new("plover", DataType::Struct(plover_fields()), false),
        Field::new("status", DataType::Utf8, false),
        Field::new("attributed_to", DataType::Struct(actor_fields()), true),
        Field::new("date", DataType::Utf8, true),
        Field::new("date_precision", DataType::Utf8, false),
        Field::new("location", DataType::Struct(location_fields()), true),
        Field::new("issues", DataType::List(Arc::new(Field::new("item", DataType::Utf8, false))), false),
        Field::new("evidence", DataType::Struct(evidence_fields()), false),
    ]))
}

/// `[start, end)` pairs as a `list<int32>` column.
fn spans(values: Vec<i32>) -> ArrayRef {
    let n = values.len() / 2;
    let values = arrow::array::Int32Array::from(values);
    Arc::new(ListArray::new(
        Arc::new(Field::new("item", DataType::Int32, false)),
        OffsetBuffer::from_lengths(std::iter::repeat_n(2, n)),
        Arc::new(values),
        None,
    ))
}

fn span_i32(s: u32) -> i32 {
    // Code point offsets of one article; an article beyond 2^31 code points
    // (8 GB of text) is not news. Saturate rather than wrap.
    i32::try_from(s).unwrap_or(i32::MAX)
}

/// Columns of actor structs; a null slot (no speaker) pushes placeholder
/// children under a null parent bit, as Arrow requires.
#[derive(Default)]
struct Actors {
    text: StringBuilder,
    code: StringBuilder,
    country: StringBuilder,
    sector: StringBuilder,
    span: Vec<i32>,
    valid: Vec<bool>,
}

impl Actors {
    fn push(&mut self, a: Option<&Actor>) {
        match a {
            Some(a) => {
                self.text.append_value(&a.text);
                self.code.append_value(&a.code);
                self.country.append_option(a.country.as_deref());
                self.sector.append_option(a.sector.as_deref());
                self.span.extend([span_i32(a.span[0]), span_i32(a.span[1])]);
                self.valid.push(true);
            }
            None => {
                self.text.append_value("");
                self.code.append_value("");
                self.country.append_null();
                self.sector.append_null();
                self.span.extend([0, 0]);
                self.valid.push(false);
            }
        }
    }

    fn finish(mut self, nullable: bool) -> Result<StructArray, ArrowError> {
        let nulls = nullable.then(|| NullBuffer::from(std::mem::take(&mut self.valid)));
        StructArray::try_new(
            actor_fields(),
            vec![
                Arc::new(self.text.finish()),
                Arc::new(self.code.finish()),
                Arc::new(self.country.finish()),
                Arc::new(self.sector.finish()),
                spans(self.span),
            ],
            nulls,
        )
    }
}

/// A `list<actor>` column.
#[derive(Default)]
struct ActorLists {
    actors: Actors,
    lengths: Vec<usize>,
}

impl ActorLists {
    fn push(&mut self, list: &[Actor]) {
        for a in list {
            self.actors.push(Some(a));
        }
        self.lengths.push(list.len());
    }

    fn finish(self) -> Result<ArrayRef, ArrowError> {
        let values = self.actors.finish(false)?;
        let DataType::List(field) = actor_list_type() else { unreachable!("actor_list_type is a list") };
        Ok(Arc::new(ListArray::try_new(field, OffsetBuffer::from_lengths(self.lengths), Arc::new(values), None)?))
    }
}

/// Builds the batch of `events`, in order.
pub fn events_batch(events: &[Event]) -> Result<RecordBatch, ArrowError> {
    let mut doc_id = StringBuilder::new();
    let mut sentence = Int32Builder::new();
    let mut text = StringBuilder::new();
    let mut source = ActorLists::default();
    let mut target = ActorLists::default();
    let mut cameo = StringBuilder::new();
    let mut cameo_root = StringBuilder::new();
    let mut quad = Int8Builder::new();
    let mut goldstein = Float32Builder::new();
    let mut plover_event = StringBuilder::new();
    let mut plover_mode = StringBuilder::new();
    let mut status = StringBuilder::new();
    let mut attributed = Actors::default();
    let mut date = StringBuilder::new();
    let mut date_precision = StringBuilder::new();
    let (mut l_text, mut l_name, mut l_country, mut l_admin1, mut l_id) =
        (StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let (mut l_lat, mut l_lon, mut l_geonames) = (Float64Builder::new(), Float64Builder::new(), Int64Builder::new());
    let mut l_valid = Vec::with_capacity(events.len());
    let mut issues = ListBuilder::new(StringBuilder::new()).with_field(Field::new("item", DataType::Utf8, false));
    let mut verb_span = Vec::with_capacity(events.len() * 2);
    let mut rule = StringBuilder::new();

    for e in events {
        doc_id.append_value(&e.doc_id);
        sentence.append_value(i32::try_from(e.sentence).unwrap_or(i32::MAX));
        text.append_value(&e.text);
        source.push(&e.source);
        target.push(&e.target);
        cameo.append_value(&e.cameo);
        cameo_root.append_value(&e.cameo_root);
        // QuadClass is 1–4; anything else would be a codebook bug, kept visible.
        quad.append_value(i8::try_from(e.quad_class).unwrap_or(i8::MAX));
        goldstein.append_value(e.goldstein);
        plover_event.append_option(e.plover.event.as_deref());
        plover_mode.append_option(e.plover.mode.as_deref());
        status.append_value(e.status.as_str());
        attributed.push(e.attributed_to.as_ref());
        date.append_option(e.date.as_deref());
        date_precision.append_value(e.date_precision.as_str());
        match &e.location {
            Some(l) => {
                l_text.append_value(&l.text);
                l_name.append_value(&l.name);
                l_country.append_option(l.country.as_deref());
                l_admin1.append_option(l.admin1.as_deref());
                l_lat.append_option(l.lat);
                l_lon.append_option(l.lon);
                // GeoNames ids are below 2^31 today; saturate rather than wrap.
                l_geonames.append_option(l.geonames_id.map(|g| i64::try_from(g).unwrap_or(i64::MAX)));
                l_id.append_option(l.id.as_deref());
                l_valid.push(true);
            }
            None => {
                l_text.append_value("");
                l_name.append_value("");
                l_country.append_null();
                l_admin1.append_null();
                l_lat.append_null();
                l_lon.append_null();
                l_geonames.append_null();
                l_id.append_null();
                l_valid.push(false);
            }
        }
        for i in &e.issues {
            issues.values().append_value(i);
        }
        issues.append(true);
        verb_span.extend([span_i32(e.evidence.verb_span[0]), span_i32(e.evidence.verb_span[1])]);
        rule.append_value(&e.evidence.rule);
    }

    let plover = StructArray::try_new(
        plover_fields(),
        vec![Arc::new(plover_event.finish()), Arc::new(plover_mode.finish())],
        None,
    )?;
    let location = StructArray::try_new(
        location_fields(),
        vec![
            Arc::new(l_text.finish()),
            Arc::new(l_name.finish()),
            Arc::new(l_country.finish()),
            Arc::new(l_admin1.finish()),
            Arc::new(l_lat.finish()),
            Arc::new(l_lon.finish()),
            Arc::new(l_geonames.finish()),
            Arc::new(l_id.finish()),
        ],
        Some(NullBuffer::from(l_valid)),
    )?;
    let evidence = StructArray::try_new(evidence_fields(), vec![spans(verb_span), Arc::new(rule.finish())], None)?;
    let columns: Vec<ArrayRef> = vec![
        Arc::new(doc_id.finish()),
        Arc::new(sentence.finish()),
        Arc::new(text.finish()),
        source.finish()?,
        target.finish()?,
        Arc::new(cameo.finish()),
        Arc::new(cameo_root.finish()),
        Arc::new(quad.finish()),
        Arc::new(goldstein.finish()),
        Arc::new(plover),
        Arc::new(status.finish()),
        Arc::new(attributed.finish(true)?),
        Arc::new(date.finish()),
        Arc::new(date_precision.finish()),
        Arc::new(location),
        Arc::new(issues.finish()),
        Arc::new(evidence),
    ];
    RecordBatch::try_new(schema(), columns)
}
