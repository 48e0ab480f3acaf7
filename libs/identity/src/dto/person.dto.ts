import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const MAX_PEOPLE = 100;

export class PeopleQuery {
  @ApiProperty({ description: `comma-separated user ids, at most ${MAX_PEOPLE}`, example: '0193f7a2-5c1e-7c3a-9a4b-2f1d3e4c5b6a' })
  @IsString()
  @Matches(new RegExp(`^${UUID}(,${UUID}){0,${MAX_PEOPLE - 1}}$`), { message: `ids must be 1 to ${MAX_PEOPLE} comma-separated user ids` })
  ids!: string;
}

/** What anyone signed in may know of a person: who they are, nothing of their roles or state. */
export class PersonView {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty() email!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The OpenID Connect issuer this person signs in through; null for a local account' })
  issuer!: string | null;
}

export class PersonList {
  @ApiProperty({ type: [PersonView], description: 'the people found, in the order asked; unknown ids are left out' }) items!: PersonView[];
}
