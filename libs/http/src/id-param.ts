import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppError } from './app-error';

/** A `:id` path parameter that must be a UUID; anything else is a 400 that says so. */
export const IdParam = (name = 'id') => Param(name, new ParseUUIDPipe({ exceptionFactory: () => new AppError('invalid_input', `${name} must be a UUID`) }));
