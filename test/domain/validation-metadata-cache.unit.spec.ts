import { IsInt, IsString, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { fieldErrors } from '../../src/domain/validation';

class Inner {
  @IsString()
  label!: string;
}

class Outer {
  @IsString()
  name!: string;

  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

class Child extends Outer {
  @IsInt()
  count!: number;
}

describe('class-validator rules looked up once per class (kept between validations)', () => {
  it('validates the same way the first time and every time after', () => {
    const bad = { name: 1, inner: { label: 2 } };
    const first = fieldErrors(Outer, bad);
    expect(first.map((e) => `${e.field}:${e.rule}`)).toEqual(['name:isString', 'inner.label:isString']);
    for (let i = 0; i < 3; i++) expect(fieldErrors(Outer, bad)).toEqual(first);
    expect(fieldErrors(Outer, { name: 'a', inner: { label: 'b' } })).toEqual([]);
  });

  it('keeps inherited rules apart per class', () => {
    expect(fieldErrors(Child, { name: 'a', inner: { label: 'b' }, count: 'x' }).map((e) => e.field)).toEqual(['count']);
    expect(fieldErrors(Outer, { name: 'a', inner: { label: 'b' }, count: 1 }).map((e) => e.rule)).toEqual(['unknownField']);
  });

  it('sees a rule added after the class was first validated', () => {
    class Late {
      @IsString()
      a!: string;
      b!: string;
    }
    expect(fieldErrors(Late, { a: 'x', b: 1 }).map((e) => `${e.field}:${e.rule}`)).toEqual(['b:unknownField']);
    IsString()(Late.prototype, 'b');
    expect(fieldErrors(Late, { a: 'x', b: 1 }).map((e) => `${e.field}:${e.rule}`)).toEqual(['b:isString']);
  });
});
